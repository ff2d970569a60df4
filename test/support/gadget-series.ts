/** The small QAPI series the follow-up tests share: v1 of "qapi: add Gadget", with two single-spaced sentences in its doc. */
import { rules } from '../../rules/index.js';
import { newFileDiff } from './patches.js';
import { patchBody, type MailSpec } from './series-mails.js';

export const spacing = rules.filter((r) => r.meta.id === 'qapi/sentence-spacing');

/** qapi/gadget.json as a new file, with these doc lines between the symbol and its Since section. */
export const gadgetSchema = (doc: string[]): string =>
  newFileDiff(
    'qapi/gadget.json',
    ['##', '# @Gadget:', '#', ...doc, '#', '# Since: 10.2', '##', "{ 'struct': 'Gadget', 'data': { 'size': 'int', 'name': 'str' } }", ''].join('\n'),
  );

/** Two single spaces between sentences: on lines 4 and 6 of the file. */
export const GADGET_V1_DOC = ['# @size: The size in bytes. Zero means none.', '#', '# @name: A name. Any name will do.'];

export const gadgetV1: MailSpec[] = [
  { id: 'g1-0@example.org', subject: '[PATCH 0/1] qapi: gadgets', body: 'Gadgets.\n' },
  {
    id: 'g1-1@example.org',
    subject: '[PATCH 1/1] qapi: add Gadget',
    inReplyTo: 'g1-0@example.org',
    references: ['g1-0@example.org'],
    body: patchBody('Add a gadget.', gadgetSchema(GADGET_V1_DOC)),
  },
];
