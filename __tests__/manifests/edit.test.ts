import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spliceEdit, type EditOperation } from '../../src/manifests/edit.ts';

const setReplicas: EditOperation = { op: 'set', path: ['spec', 'replicas'], value: 1 };
const setType: EditOperation = { op: 'set', path: ['spec', 'strategy', 'type'], value: 'Recreate' };
const dropRolling: EditOperation = { op: 'delete', path: ['spec', 'strategy', 'rollingUpdate'] };

interface Case {
  name: string;
  before: string;
  edit: EditOperation;
  /** The exact text after the edit; undefined = the edit must refuse (the caller falls back). */
  after: string | undefined;
  docIndex?: number;
  json?: boolean;
}

const cases: Case[] = [
  {
    name: 'replaces a scalar and keeps its comment',
    before: 'spec:\n  replicas: 2 # two?\n  x: y\n',
    edit: setReplicas,
    after: 'spec:\n  replicas: 1 # two?\n  x: y\n',
  },
  {
    name: 'keeps double quotes on a string value',
    before: 'spec:\n  strategy:\n    type: "RollingUpdate"\n',
    edit: setType,
    after: 'spec:\n  strategy:\n    type: "Recreate"\n',
  },
  {
    name: 'keeps single quotes on a string value',
    before: "spec:\n  strategy:\n    type: 'RollingUpdate'\n",
    edit: setType,
    after: "spec:\n  strategy:\n    type: 'Recreate'\n",
  },
  {
    name: 'a quoted number becomes a plain integer',
    before: 'spec:\n  replicas: "3"\n',
    edit: setReplicas,
    after: 'spec:\n  replicas: 1\n',
  },
  {
    name: 'fills an empty value',
    before: 'spec:\n  replicas:\n  x: 1\n',
    edit: setReplicas,
    after: 'spec:\n  replicas: 1\n  x: 1\n',
  },
  {
    name: 'fills an empty value where a map belongs (`strategy:` with nothing after it)',
    before: 'spec:\n  strategy:\n  template: {}\n',
    edit: setType,
    after: 'spec:\n  strategy: {type: Recreate}\n  template: {}\n',
  },
  {
    name: 'fills an empty value where a map belongs at the end of the file',
    before: 'spec:\n  replicas: 1\n  strategy:',
    edit: setType,
    after: 'spec:\n  replicas: 1\n  strategy: {type: Recreate}',
  },
  {
    name: 'adds a missing key as the first entry, at the map indentation',
    before: 'kind: Deployment\nspec:\n    selector: {}\n    template: {}\n',
    edit: setReplicas,
    after: 'kind: Deployment\nspec:\n    replicas: 1\n    selector: {}\n    template: {}\n',
  },
  {
    name: 'adds missing maps on the way, in block style',
    before: 'spec:\n  replicas: 1\n',
    edit: setType,
    after: 'spec:\n  strategy:\n    type: Recreate\n  replicas: 1\n',
  },
  {
    name: 'replaces a scalar where a map belongs with a flow map',
    before: 'spec:\n  strategy: RollingUpdate # wrong\n',
    edit: setType,
    after: 'spec:\n  strategy: {type: Recreate} # wrong\n',
  },
  {
    name: 'deletes a block entry with its nested lines and comments',
    before: 'spec:\n  strategy:\n    rollingUpdate:\n      maxSurge: 1 # c\n      # inside\n    type: Recreate\n',
    edit: dropRolling,
    after: 'spec:\n  strategy:\n    type: Recreate\n',
  },
  {
    name: 'deletes a last block entry at the end of the file without a newline',
    before: 'spec:\n  strategy:\n    type: Recreate\n    rollingUpdate: {maxSurge: 1}',
    edit: dropRolling,
    after: 'spec:\n  strategy:\n    type: Recreate\n',
  },
  {
    name: 'deleting something absent changes nothing',
    before: 'spec:\n  strategy:\n    type: Recreate\n',
    edit: dropRolling,
    after: 'spec:\n  strategy:\n    type: Recreate\n',
  },
  {
    name: 'inserts into a one-line flow map',
    before: 'spec: {selector: {}}\n',
    edit: setReplicas,
    after: 'spec: {replicas: 1, selector: {}}\n',
  },
  {
    name: 'inserts into an empty flow map',
    before: 'spec: {}\n',
    edit: setReplicas,
    after: 'spec: {replicas: 1}\n',
  },
  {
    name: 'deletes the first entry of a flow map',
    before: 'spec: {strategy: {rollingUpdate: {maxSurge: 1}, type: Recreate}}\n',
    edit: dropRolling,
    after: 'spec: {strategy: {type: Recreate}}\n',
  },
  {
    name: 'deletes the last entry of a flow map',
    before: 'spec: {strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}}\n',
    edit: dropRolling,
    after: 'spec: {strategy: {type: Recreate}}\n',
  },
  {
    name: 'inserts into pretty JSON with quoted keys',
    before: '{\n  "spec": {\n    "selector": {}\n  }\n}\n',
    edit: setReplicas,
    json: true,
    after: '{\n  "spec": {\n    "replicas": 1,\n    "selector": {}\n  }\n}\n',
  },
  {
    name: 'adds nested JSON maps',
    before: '{"spec": {"replicas": 1}}',
    edit: setType,
    json: true,
    after: '{"spec": {"strategy": {"type": "Recreate"}, "replicas": 1}}',
  },
  {
    name: 'deletes the last entry of pretty JSON with its comma',
    before: '{\n  "spec": {\n    "strategy": {\n      "type": "Recreate",\n      "rollingUpdate": {}\n    }\n  }\n}\n',
    edit: dropRolling,
    json: true,
    after: '{\n  "spec": {\n    "strategy": {\n      "type": "Recreate"\n    }\n  }\n}\n',
  },
  {
    name: 'edits the right document and leaves the others byte for byte',
    before: 'a:   1   # odd spacing\n---\nspec:\n  replicas: 5\n---\nb: {x:  1}\n',
    docIndex: 1,
    edit: setReplicas,
    after: 'a:   1   # odd spacing\n---\nspec:\n  replicas: 1\n---\nb: {x:  1}\n',
  },
  {
    name: 'inserts with CRLF line ends in a CRLF file',
    before: 'spec:\r\n  selector: {}\r\n',
    edit: setType,
    after: 'spec:\r\n  strategy:\r\n    type: Recreate\r\n  selector: {}\r\n',
  },
  {
    name: 'inside a List item (a map that starts after "- ")',
    before: 'items:\n  - kind: Deployment\n    spec:\n      template: {}\n',
    edit: { op: 'set', path: ['items', 0, 'spec', 'replicas'], value: 1 },
    after: 'items:\n  - kind: Deployment\n    spec:\n      replicas: 1\n      template: {}\n',
  },
  {
    name: 'a key present only through a merge is overridden by a direct key',
    before: 'd: &d {replicas: 2}\nspec:\n  <<: *d\n',
    edit: setReplicas,
    after: 'd: &d {replicas: 2}\nspec:\n  replicas: 1\n  <<: *d\n',
  },
  {
    name: 'refuses to edit through an alias (shared with other nodes)',
    before: 'x: &s {replicas: 2}\nspec: *s\n',
    edit: setReplicas,
    after: undefined,
  },
  {
    name: 'refuses to replace an anchored value',
    before: 'spec:\n  replicas: &r 2\nother: *r\n',
    edit: setReplicas,
    after: undefined,
  },
  {
    name: 'refuses to replace a tagged value',
    before: 'spec:\n  replicas: !!str 2\n',
    edit: setReplicas,
    after: undefined,
  },
  {
    name: 'refuses to delete a key that only a merge provides',
    before: 'd: &d {rollingUpdate: {}}\nspec:\n  strategy:\n    <<: *d\n    type: Recreate\n',
    edit: dropRolling,
    after: undefined,
  },
  {
    name: 'refuses a document with errors',
    before: 'spec: [\n',
    edit: setReplicas,
    after: undefined,
  },
];

describe('spliceEdit', () => {
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(spliceEdit(c.before, c.docIndex ?? 0, c.edit, c.json ?? false), c.after);
    });
  }

  test('an unchanged value returns the same text', () => {
    const text = 'spec:\n  replicas: 1\n';
    assert.equal(spliceEdit(text, 0, setReplicas, false), text);
  });
});
