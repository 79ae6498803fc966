/** RBAC rule matching for SelfSubjectRulesReview results: does a list of rules allow a check? Pure. */
import type { AccessCheck } from './cluster.ts';

/** One rule as SelfSubjectRulesReview returns it. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

function resourceMatches(rule: string, wanted: string): boolean {
  if (rule === '*' || rule === wanted) return true;
  // `*/scale` grants the scale subresource of every resource (RBAC's subresource wildcard).
  const slash = wanted.indexOf('/');
  return slash > 0 && rule === `*${wanted.slice(slash)}`;
}

/** Whether one rule grants the check, as the RBAC authorizer decides (verbs, groups, resources, names). */
export function ruleAllows(rule: ResourceRule, check: AccessCheck): boolean {
  if (!rule.verbs.some((v) => v === '*' || v === check.verb)) return false;
  if (!(rule.apiGroups ?? []).some((g) => g === '*' || g === check.group)) return false;
  if (!(rule.resources ?? []).some((r) => resourceMatches(r, check.resource))) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (check.name !== undefined && names.includes(check.name));
}

/** The checks no rule allows. */
export function deniedByRules(rules: ResourceRule[], checks: AccessCheck[]): AccessCheck[] {
  return checks.filter((c) => !rules.some((r) => ruleAllows(r, c)));
}
