import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deniedByRules, ruleAllows } from '../../src/kube/rules.ts';

const check = (verb: string, resource: string, group = '', name?: string) => ({
  verb,
  resource,
  group,
  namespace: 'games',
  ...(name ? { name } : {}),
});

describe('RBAC rule matching', () => {
  it('matches verbs, groups and resources, with wildcards', () => {
    assert.equal(
      ruleAllows({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }, check('list', 'pods')),
      true,
    );
    assert.equal(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, check('watch', 'pods')), false);
    assert.equal(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, check('delete', 'pods')), true);
    assert.equal(ruleAllows({ verbs: ['get'], apiGroups: ['apps'], resources: ['pods'] }, check('get', 'pods')), false);
  });

  it('treats subresources as their own resource, and */scale as every scale subresource', () => {
    assert.equal(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, check('get', 'pods/log')), false);
    assert.equal(
      ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, check('get', 'pods/log')),
      true,
    );
    assert.equal(
      ruleAllows(
        { verbs: ['patch'], apiGroups: ['apps'], resources: ['*/scale'] },
        check('patch', 'deployments/scale', 'apps'),
      ),
      true,
    );
  });

  it('honours resourceNames only for checks about that object', () => {
    const rule = {
      verbs: ['get', 'patch'],
      apiGroups: ['apps'],
      resources: ['deployments'],
      resourceNames: ['quiz-bot'],
    };
    assert.equal(ruleAllows(rule, check('get', 'deployments', 'apps', 'quiz-bot')), true);
    assert.equal(ruleAllows(rule, check('get', 'deployments', 'apps', 'other')), false);
    assert.equal(ruleAllows(rule, check('get', 'deployments', 'apps')), false);
  });

  it('lists the checks no rule allows', () => {
    const rules = [{ verbs: ['list', 'watch'], apiGroups: [''], resources: ['pods'] }];
    assert.deepEqual(deniedByRules(rules, [check('list', 'pods'), check('get', 'pods/log'), check('watch', 'pods')]), [
      check('get', 'pods/log'),
    ]);
  });
});
