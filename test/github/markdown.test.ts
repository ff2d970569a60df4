/** Text from the patch in the Markdown GitHub renders: shown as itself, mentioning nobody. */
import { describe, expect, it } from 'vitest';
import { cell, code, inline } from '../../src/github/markdown.js';

describe('inline text from the patch', () => {
  it('puts every @name in a code span, where GitHub mentions nobody', () => {
    expect(inline('list members in alphabetical order: @alpha, @octocat')).toBe('list members in alphabetical order: `@alpha`, `@octocat`');
    expect(inline('see @qemu/maintainers.')).toBe('see `@qemu/maintainers`.');
    // Not a mention: an e-mail address.
    expect(inline('ada@example.org')).toBe('ada@example.org');
  });

  it('escapes HTML, entities and the Markdown that makes links, images and emphasis', () => {
    expect(inline('<img src=x onerror=alert(1)> <!-- &#64;x')).toBe('&lt;img src=x onerror=alert(1)&gt; &lt;\\!-- &amp;#64;x');
    expect(inline('[x](https://evil.example) ![i](https://evil.example/i.png)')).toBe('\\[x\\](https://evil.example) \\!\\[i\\](https://evil.example/i.png)');
    expect(inline('a *b* _c_ `d` ~e~ \\f')).toBe('a \\*b\\* \\_c\\_ \\`d\\` \\~e\\~ \\\\f');
  });

  it('keeps to one line whatever the line breaks', () => {
    for (const brk of ['\n', '\r\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029']) {
      expect(inline(`a${brk}# heading`)).toBe('a # heading');
    }
    expect(code('a\n```')).toBe('```` a ``` ````');
  });

  it('a table cell escapes every pipe, in code too', () => {
    expect(cell(inline('a|b @c|d'))).toBe('a\\|b `@c`\\|d');
  });
});
