/** Reports new names starting with x- that rely on the prefix alone: feature 'unstable' replaced that convention. */
import type { Rule } from '../../src/engine/types.js';
import { experimentalDefinition, hasExperimentalPrefix } from '../../src/qapi/names.js';
import { definitionOf, noveltyOf } from '../../src/qapi/novelty.js';

const rule: Rule = {
  meta: {
    id: 'qapi/x-prefix',
    description: "a new name starting with x- (an event's X_) without feature 'unstable': the prefix no longer marks experimental interfaces",
    severity: 'warning',
    source: {
      title: 'docs/devel/qapi-code-gen.rst, "Naming rules and reserved names"',
      quote: 'Names beginning with ``x-`` used to signify "experimental".  This convention has been replaced by special feature "unstable".',
    },
    messages: {
      newName:
        "new {{kind}} '{{name}}': the {{prefix}} prefix no longer marks experimental interfaces, feature 'unstable' does (with it, the name may drop the prefix: '{{plain}}')",
    },
    details:
      "Event names are ALL_CAPS, so an event's prefix is X_ (X_CONFIG_READ). Only names the patch introduces: a name it moves (removes anywhere in the patch or an earlier patch of the series, and adds) is not new. An x- name with a y- twin (x-origin, y-origin) is a coordinate and passes. " +
      "An x- name that has feature 'unstable' passes: docs/devel/writing-monitor-commands.rst says the prefix is commonly kept to make the lack of stability obvious to people.",
  },
  create(context) {
    const novelty = noveltyOf(context);
    return {
      qapiDefinition(def, file) {
        const names = new Set(def.members.map((m) => m.name));
        for (const member of def.members) {
          if (!hasExperimentalPrefix(member.name, names) || member.features?.includes('unstable') || !novelty.isNewMember(file, member)) continue;
          context.report({
            messageKey: 'newName',
            data: { kind: def.meta === 'enum' ? 'value' : 'member', name: member.name, prefix: 'x-', plain: member.name.slice(2) },
            file: file.path,
            line: member.nameRange.start.line,
            column: member.nameRange.start.column,
            endColumn: member.nameRange.end.column,
          });
        }
      },
      qapiDoc(block, file) {
        // A new definition is named by its doc block's `# @x-name:` (an event's `# @X_NAME:`) line.
        const symbol = block.symbol;
        const plain = symbol ? experimentalDefinition(symbol.name) : null;
        if (!symbol || plain === null || !novelty.isNewDefinition(file, block)) return;
        if (definitionOf(file, block)?.features?.includes('unstable')) return;
        context.report({
          messageKey: 'newName',
          data: { kind: 'definition', name: symbol.name, prefix: symbol.name.slice(0, 2), plain },
          file: file.path,
          line: symbol.line,
        });
      },
    };
  },
};

export default rule;
