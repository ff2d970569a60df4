/**
 * Which earlier postings could be the previous version of a posting, found
 * through an index instead of by comparing every posting with every other
 * one: an archive of a month of qemu-devel holds thousands of lone v2+
 * patches, and comparing each with all the others took minutes.
 *
 * A posting can only be linked to one it shares something with (see
 * linkVersions): a Message-ID it supersedes, a change-id, a cover or patch
 * topic, or, from the same sender, a file path (either side of a git
 * rename) or a new file's content under another path (a file the respin
 * adds under a new name).  The index holds each of those keys; content by
 * the lines a new file shows, where a line shown in many postings
 * (`#include "qemu/osdep.h"`) says too little to look up and is left out.
 * A modified file whose hunks reappear as a new file elsewhere is not
 * looked up: indexing every line of every patch cost more than the rest of
 * the comparison.
 */
import type { FileDiff } from '../patch/types.js';
import type { Posting } from './versions.js';
import { shownLines } from './file-pairs.js';
import { senderOf, topicOf } from './identity.js';

/** A line shown by more postings than this is boilerplate: looking it up would bring back most of the archive. */
const COMMON_LINE_POSTINGS = 32;

/** The paths a file diff names: a renamed file is looked up by both. */
function pathsOf(file: FileDiff): string[] {
  return file.oldPath !== null && file.oldPath !== file.path ? [file.path, file.oldPath] : [file.path];
}

class KeyIndex {
  private readonly map = new Map<string, Posting[]>();

  add(key: string, posting: Posting): void {
    const list = this.map.get(key);
    if (list === undefined) this.map.set(key, [posting]);
    else if (list[list.length - 1] !== posting) list.push(posting);
  }

  get(key: string): readonly Posting[] {
    return this.map.get(key) ?? [];
  }
}

export class CandidateIndex {
  private readonly byId = new KeyIndex();
  private readonly byChangeId = new KeyIndex();
  private readonly byTopic = new KeyIndex();
  private readonly byPath = new KeyIndex();
  private readonly byLine = new KeyIndex();
  private readonly order = new Map<Posting, number>();

  constructor(postings: readonly Posting[]) {
    postings.forEach((p, i) => {
      this.order.set(p, i);
      for (const id of p.ids) this.byId.add(id, p);
      if (p.tags.changeId !== null) this.byChangeId.add(p.tags.changeId, p);
      this.byTopic.add(`cover\n${p.topic}`, p);
      const sender = senderOf(p);
      for (const { mail, patch } of p.patches) {
        this.byTopic.add(`patch\n${topicOf(mail.subject)}`, p);
        for (const file of patch.files) {
          for (const path of pathsOf(file)) this.byPath.add(`${sender}\n${path}`, p);
          if (file.status !== 'added') continue;
          for (const line of shownLines(file).keys()) this.byLine.add(`${sender}\n${line}`, p);
        }
      }
    });
  }

  /** Postings `to` names as superseded, or shares its change-id with, in input order. */
  declared(to: Posting): Posting[] {
    const found = new Set<Posting>();
    for (const id of to.tags.supersedes) for (const p of this.byId.get(id)) found.add(p);
    if (to.tags.changeId !== null) for (const p of this.byChangeId.get(to.tags.changeId)) found.add(p);
    found.delete(to);
    return this.inOrder(found);
  }

  /**
   * Postings sharing a topic with `to`, or a file path or a telling line and the sender, in input
   * order: a superset of those linkVersions can infer a link to.
   */
  related(to: Posting): Posting[] {
    const found = new Set<Posting>();
    const take = (list: readonly Posting[]) => {
      for (const p of list) found.add(p);
    };
    take(this.byTopic.get(`cover\n${to.topic}`));
    const sender = senderOf(to);
    for (const { mail, patch } of to.patches) {
      take(this.byTopic.get(`patch\n${topicOf(mail.subject)}`));
      for (const file of patch.files) {
        for (const path of pathsOf(file)) take(this.byPath.get(`${sender}\n${path}`));
        if (file.status !== 'added') continue;
        for (const line of shownLines(file).keys()) {
          const list = this.byLine.get(`${sender}\n${line}`);
          if (list.length <= COMMON_LINE_POSTINGS) take(list);
        }
      }
    }
    found.delete(to);
    return this.inOrder(found);
  }

  private inOrder(postings: Set<Posting>): Posting[] {
    return [...postings].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }
}
