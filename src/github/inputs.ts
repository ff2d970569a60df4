/** The Action's inputs, as declared in action.yml and read through @actions/core. */
import * as core from '@actions/core';
import { FAIL_ON, type FailOn } from '../config/config.js';

export const MODES = ['auto', 'review', 'check', 'summary'] as const;
export type Mode = (typeof MODES)[number];

export interface ActionInputs {
  token: string;
  mode: Mode;
  /** Unset when the workflow leaves it out: the config file's failOn, then `warning`, apply. */
  failOn?: FailOn;
  /** Path of the JSON config file, relative to the workspace. */
  config?: string;
  /** The login the token posts as, when GitHub cannot be asked (see identity.ts). */
  botLogin?: string;
}

export class InputError extends Error {
  override name = 'InputError';
}

export function readInputs(): ActionInputs {
  const token = core.getInput('token');
  const mode = core.getInput('mode') || 'auto';
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new InputError(`input 'mode' is '${mode}'; expected one of ${MODES.join(', ')}`);
  }
  const failOn = core.getInput('fail-on');
  if (failOn && !FAIL_ON.includes(failOn as FailOn)) {
    throw new InputError(`input 'fail-on' is '${failOn}'; expected one of ${FAIL_ON.join(', ')}`);
  }
  const config = core.getInput('config');
  const botLogin = core.getInput('bot-login');
  if (botLogin && !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\[bot\])?$/.test(botLogin)) {
    throw new InputError(`input 'bot-login' is '${botLogin}'; expected a GitHub login such as github-actions[bot]`);
  }
  const inputs: ActionInputs = { token, mode: mode as Mode };
  if (failOn) inputs.failOn = failOn as FailOn;
  if (config) inputs.config = config;
  if (botLogin) inputs.botLogin = botLogin;
  if (token) core.setSecret(token);
  return inputs;
}
