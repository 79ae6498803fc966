/**
 * The one input table: each input of the action once, with its CLI flag, type, default, the modes it applies to and
 * its help. The action's input list, the CLI's parseArgs options, the flag ↔ input names, the usage text
 * (settings/help.ts) and the "works only in … mode" checks (settings/settings.ts) all come from it; a unit test checks
 * it against action.yml. Order: action.yml's.
 */

/**
 * What the guard does: check manifests only, deploy and guard, check the live cluster, repair it, emit the policy, or
 * disrupt a live singleton on purpose and watch what follows (drill).
 */
export const MODES = ['lint', 'deploy', 'verify', 'remediate', 'policy', 'drill'] as const;
export type Mode = (typeof MODES)[number];

/** How an input's text is read (settings/settings.ts parses each). */
export type InputType = 'mode' | 'string' | 'boolean' | 'list' | 'lines' | 'duration' | 'regex' | 'choice' | 'content';

export interface CliFlag {
  /** The long flag without dashes (`context` for the contexts input). */
  flag: string;
  short?: string;
  /** Repeatable: each occurrence is one item of the input's list. */
  multiple?: boolean;
  /** The value's placeholder in the usage (`PATH`, `KIND/NAME`); none for a boolean flag. */
  arg?: string;
  /** The flag as the usage shows it, when not `--flag` (`--no-lint`). */
  label?: string;
  /** How a message about this input names it for a CLI user, when not `--flag`. */
  spoken?: string;
  /** The flag sets something else than the input (--kubeconfig is a file path; the input is the content). */
  own?: true;
  /**
   * Another input of other modes has the same flag (`--action`: policy-action in policy mode, drill-action in drill
   * mode): the CLI gives the flag's value to the input of the command's mode. Both inputs are onlyInModes.
   */
  shared?: true;
  /** The usage lines after the flag column. */
  help: readonly string[];
}

export interface InputSpec {
  /** The action's input name (action.yml), also the key of RawInputs. */
  name: string;
  type: InputType;
  /** action.yml's default (the text the runner passes when the input is not given); undefined: none pinned. */
  default: string | undefined;
  /** The modes the input means something in. */
  modes: readonly Mode[];
  /**
   * Given in another mode, the input is a usage error ("input X works only in Y mode"): quietly ignored, it would let
   * a user believe it took effect.
   */
  onlyInModes?: true;
  /** The CLI's flag; none for `mode`, which is the CLI's command. */
  cli?: CliFlag;
}

const ALL = MODES;
const GUARDED = ['deploy', 'verify', 'remediate'] as const;
/** The modes that watch pods and judge their logs. */
const WATCHING = ['deploy', 'verify', 'remediate', 'drill'] as const;
const LOADING = ['lint', 'deploy', 'verify', 'remediate', 'policy'] as const;

export const INPUTS = [
  { name: 'mode', type: 'mode', default: 'deploy', modes: ALL },
  {
    name: 'manifests',
    type: 'list',
    default: '',
    modes: LOADING,
    cli: {
      flag: 'manifests',
      short: 'f',
      multiple: true,
      arg: 'PATH',
      spoken: 'paths (or --manifests)',
      help: ['manifests, like positional paths (repeatable)'],
    },
  },
  {
    name: 'workloads',
    type: 'list',
    default: '',
    modes: ALL,
    cli: {
      flag: 'workload',
      short: 'w',
      multiple: true,
      arg: 'KIND/NAME',
      help: [
        'a singleton workload, e.g. deployment/quiz-bot (repeatable; default: those',
        'labelled singleton-guard/singleton: "true" when any is, else every',
        'Deployment, StatefulSet and CronJob in the manifests)',
      ],
    },
  },
  {
    name: 'namespace',
    type: 'string',
    default: '',
    modes: ALL,
    cli: { flag: 'namespace', short: 'n', arg: 'NAME', help: ['namespace to deploy into and look in'] },
  },
  {
    name: 'lint',
    type: 'boolean',
    default: 'true',
    modes: ['deploy'],
    cli: { flag: 'lint', label: '--no-lint', help: ['deploy: do not lint before applying'] },
  },
  {
    name: 'fix',
    type: 'boolean',
    default: 'false',
    modes: ['lint'],
    onlyInModes: true,
    cli: {
      flag: 'fix',
      help: [
        'lint: rewrite manifests in place (replicas: 1, strategy Recreate,',
        'CronJob concurrencyPolicy Forbid; with --policy, the singleton label;',
        'a plain-manifest singleton Deployment becomes a StatefulSet);',
        'never a workload that looks scalable unless labelled or named',
      ],
    },
  },
  {
    name: 'sarif',
    type: 'string',
    default: '',
    modes: ['lint', 'deploy'],
    cli: { flag: 'sarif', arg: 'FILE', help: ['also write a SARIF 2.1.0 report of the lint findings to FILE'] },
  },
  {
    name: 'kubectl',
    type: 'string',
    default: 'kubectl',
    modes: ALL,
    cli: {
      flag: 'kubectl',
      arg: 'PATH',
      help: ['kubectl to apply and render Kustomize targets with (default: kubectl on PATH)'],
    },
  },
  {
    name: 'kustomize',
    type: 'string',
    default: '',
    modes: LOADING,
    cli: {
      flag: 'kustomize',
      arg: 'PATH',
      help: ['render Kustomize targets with `PATH build` instead of `kubectl kustomize`'],
    },
  },
  {
    name: 'helm',
    type: 'string',
    default: 'helm',
    modes: LOADING,
    cli: {
      flag: 'helm',
      arg: 'PATH',
      help: [
        'helm to render charts with (helm template) and deploy them with (helm',
        'upgrade --install, never --wait) (default: helm on PATH)',
      ],
    },
  },
  {
    name: 'helm-release',
    type: 'string',
    default: '',
    modes: LOADING,
    cli: { flag: 'helm-release', arg: 'NAME', help: ["Helm release name (default: the chart's name)"] },
  },
  {
    name: 'helm-values',
    type: 'list',
    default: '',
    modes: LOADING,
    cli: {
      flag: 'helm-values',
      multiple: true,
      arg: '[CHART:]FILE',
      help: [
        'Helm values file, like helm --values (repeatable; later ones win); with',
        'several charts, CHART: names the chart it is for',
      ],
    },
  },
  {
    name: 'helm-set',
    type: 'lines',
    default: '',
    modes: LOADING,
    cli: {
      flag: 'helm-set',
      multiple: true,
      arg: '[CHART:]KEY=VAL',
      help: ['Helm value, like helm --set (repeatable; CHART: as for --helm-values)'],
    },
  },
  {
    name: 'server-side',
    type: 'boolean',
    default: 'false',
    modes: ['deploy'],
    cli: { flag: 'server-side', help: ['deploy with server-side apply'] },
  },
  {
    name: 'field-manager',
    type: 'string',
    default: 'singleton-deploy-guard',
    modes: ['deploy', 'policy'],
    cli: {
      flag: 'field-manager',
      arg: 'NAME',
      help: ['field manager for server-side apply (default: singleton-deploy-guard)'],
    },
  },
  {
    name: 'timeout',
    type: 'duration',
    default: '5m',
    modes: ALL,
    cli: { flag: 'timeout', arg: 'DURATION', help: ['how long to wait for exactly one Ready pod (default: 5m)'] },
  },
  {
    name: 'settle',
    type: 'duration',
    default: '30s',
    modes: WATCHING,
    cli: { flag: 'settle', arg: 'DURATION', help: ['how long to watch the logs for conflicts (default: 30s)'] },
  },
  {
    name: 'conflict-pattern',
    type: 'regex',
    default: '',
    modes: WATCHING,
    cli: {
      flag: 'conflict-pattern',
      arg: 'REGEX',
      help: ["log lines that mean a second instance (default: Telegram's conflict messages)"],
    },
  },
  {
    name: 'handover-window',
    type: 'duration',
    default: '60s',
    modes: WATCHING,
    cli: {
      flag: 'handover-window',
      arg: 'DURATION',
      help: [
        'forgive a conflict logged this soon after the previous poller ended, when',
        "none follows: Telegram's handover (default: 60s; 0s: every conflict fails)",
      ],
    },
  },
  {
    name: 'expect-log',
    type: 'regex',
    default: '',
    modes: WATCHING,
    onlyInModes: true,
    cli: {
      flag: 'expect-log',
      arg: 'REGEX',
      help: [
        'deploy, verify, drill: the current container must log a line matching REGEX',
        'during the watch, else the bot may not be polling',
      ],
    },
  },
  {
    name: 'remediate',
    type: 'boolean',
    // Its default depends on the mode (true in remediate mode): action.yml pins none.
    default: undefined,
    modes: GUARDED,
    cli: { flag: 'remediate', help: ['deploy, verify: repair a broken singleton instead of only failing'] },
  },
  {
    name: 'force-delete-terminating',
    type: 'boolean',
    default: 'false',
    modes: GUARDED,
    cli: {
      flag: 'force-delete-terminating',
      help: ['remediate: also force-delete pods stuck Terminating past their grace period'],
    },
  },
  {
    name: 'kubeconfig',
    type: 'content',
    default: '',
    modes: ['deploy', 'verify', 'remediate', 'policy', 'drill'],
    cli: {
      flag: 'kubeconfig',
      arg: 'FILE',
      own: true,
      help: ['kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)'],
    },
  },
  {
    name: 'working-directory',
    type: 'string',
    default: '',
    modes: ALL,
    cli: { flag: 'working-directory', arg: 'DIR', help: ['read paths and report them relative to DIR'] },
  },
  {
    name: 'deploy-command',
    type: 'string',
    default: '',
    modes: ['deploy'],
    onlyInModes: true,
    cli: {
      flag: 'deploy-command',
      arg: 'CMD',
      help: [
        'deploy: run CMD with a shell in place of kubectl apply (a GitOps sync, a',
        'script) and guard the rollout it makes; manifests are then optional',
        '(linted, not applied) when --workload names the workloads',
      ],
    },
  },
  {
    name: 'rollback-on-failure',
    type: 'boolean',
    default: 'false',
    modes: ['deploy'],
    onlyInModes: true,
    cli: {
      flag: 'rollback-on-failure',
      help: [
        "deploy: when the guard fails, restore each failed workload's revision from",
        'before the deploy and guard the restore (the exit status stays 1)',
      ],
    },
  },
  {
    name: 'contexts',
    type: 'list',
    default: '',
    modes: ['verify', 'deploy'],
    onlyInModes: true,
    cli: {
      flag: 'context',
      multiple: true,
      arg: 'NAME',
      help: [
        "verify, deploy: also count the workload's pods in this kube context",
        '(repeatable): exactly one Running pod in all of them and the current one',
      ],
    },
  },
  {
    name: 'unreachable',
    type: 'choice',
    default: 'fail',
    modes: ['verify', 'deploy'],
    cli: {
      flag: 'unreachable',
      arg: 'fail|warn',
      help: ['with --context: a context that cannot be reached fails (default) or warns'],
    },
  },
  {
    name: 'policy',
    type: 'boolean',
    default: 'false',
    modes: ['lint', 'deploy'],
    cli: {
      flag: 'policy',
      help: [
        'lint, deploy: the cluster enforces the singleton policy, so warn about',
        'singletons without the label singleton-guard/singleton: "true" (--fix adds it)',
      ],
    },
  },
  {
    name: 'policy-action',
    type: 'list',
    default: '',
    modes: ['policy'],
    onlyInModes: true,
    cli: {
      flag: 'action',
      shared: true,
      arg: 'ACTION',
      help: [
        'policy: deny (default), warn or audit, or a mix like warn,audit; roll out',
        'with warn first (kubectl prints "Warning: ..."), then deny',
      ],
    },
  },
  {
    name: 'policy-output',
    type: 'string',
    default: '',
    modes: ['policy'],
    onlyInModes: true,
    cli: { flag: 'output', arg: 'FILE', help: ['policy: write the policy YAML to FILE instead of standard output'] },
  },
  {
    name: 'policy-apply',
    type: 'boolean',
    default: 'false',
    modes: ['policy'],
    onlyInModes: true,
    cli: {
      flag: 'apply',
      help: ['policy: apply it to the cluster (server-side apply; needs cluster scope,', 'see docs/policy-rbac.yaml)'],
    },
  },
  {
    name: 'drill-action',
    type: 'choice',
    default: '',
    modes: ['drill'],
    onlyInModes: true,
    cli: {
      flag: 'action',
      shared: true,
      arg: 'evict|delete',
      help: [
        'drill: how to disrupt the pod: evict (the Eviction API, honouring',
        'PodDisruptionBudgets, as a node drain does; default) or delete (graceful)',
      ],
    },
  },
] as const satisfies readonly InputSpec[];

export type InputName = (typeof INPUTS)[number]['name'];
export const INPUT_NAMES: readonly InputName[] = INPUTS.map((input) => input.name);

/** The raw inputs, keyed by the action's input names: the action reads them, the CLI maps its flags onto them. */
export type RawInputs = Partial<Record<InputName, string>>;

/** The input's entry. */
export function inputSpec(name: InputName): InputSpec {
  return INPUTS.find((input) => input.name === name) as InputSpec;
}

/** `deploy mode`, `verify and deploy modes`, `deploy, verify and remediate modes`. */
export function describeModes(modes: readonly Mode[]): string {
  if (modes.length === 1) return `${modes[0]} mode`;
  return `${modes.slice(0, -1).join(', ')} and ${modes[modes.length - 1]} modes`;
}
