import pkg from '../../package.json' with { type: 'json' };

/** How reports name the tool that made them (SARIF tool.driver, summaries, --version). */
export const TOOL = {
  name: 'singleton-guard',
  version: pkg.version,
  informationUri:
    (pkg as { homepage?: string }).homepage ?? 'https://github.com/singleton-deploy-guard/singleton-deploy-guard',
} as const;
