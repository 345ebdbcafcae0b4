import { formatDateWithWeekday } from '../format.ts';
import {
  fillTemplate,
  type MessageKind,
  type MessageTemplate,
  type OptionalMessageKind,
  type RuleSet,
} from '../rules/select.ts';
import type { ActionInputs, ActionName } from './lifecycle.ts';

/**
 * What the citizen is told, and when: one message for every step the rules require a notice
 * for (received, supplement, refused, apology and new date, stopped, withdrawn, result ready,
 * returned). The wording is data, the dossier's rule set (`messages` in content/rules/<id>.yaml);
 * this module only chooses the message and fills it in. Short enough for SMS.
 */

export type { MessageKind };

export interface MessageContext {
  code: string;
  procedureTitle: string;
  deskName: string;
  /** The appointment after the step, `YYYY-MM-DD`. */
  dueDate: string;
  hotline: string;
}

/**
 * A template filled in with the dossier's values; `params` keeps the values (JSON) for the
 * channels whose text is a provider's approved template (Zalo ZNS, content/notifications.yaml).
 */
function fill(
  template: MessageTemplate,
  ctx: MessageContext,
  detail: string | undefined,
): ComposedMessage {
  const values = {
    code: ctx.code,
    procedure: ctx.procedureTitle,
    desk: ctx.deskName,
    dueDate: formatDateWithWeekday(ctx.dueDate),
    detail: detail ?? '',
    hotline: ctx.hotline,
  };
  return {
    subject: fillTemplate(template.subject, values),
    body: fillTemplate(template.body, values),
    params: JSON.stringify(values),
  };
}

export interface ComposedMessage {
  subject: string;
  body: string;
  params: string;
}

/** The subject and body of a message, from the dossier's rule set. */
export function composeMessage(
  rules: Pick<RuleSet, 'messages'>,
  kind: MessageKind,
  ctx: MessageContext,
  detail?: string,
): ComposedMessage {
  return fill(rules.messages[kind], ctx, detail);
}

/** A message the set may leave out: its subject and body, or undefined when the set has none. */
export function composeOptionalMessage(
  rules: Pick<RuleSet, 'messages'>,
  kind: OptionalMessageKind,
  ctx: MessageContext,
  detail?: string,
): ComposedMessage | undefined {
  const template = rules.messages[kind];
  return template ? fill(template, ctx, detail) : undefined;
}

const MESSAGE_OF: Partial<Record<ActionName, MessageKind>> = {
  receive: 'received',
  'request-supplement': 'supplement',
  refuse: 'refused',
  apologize: 'apology',
  stop: 'stopped',
  withdraw: 'withdrawn',
  process: 'result-ready',
  'return-result': 'returned',
};

/** Which message, if any, an action sends. */
export function messageFor(action: string): MessageKind | undefined {
  return (MESSAGE_OF as Record<string, MessageKind | undefined>)[action];
}

/** A reason as it fits inside a sentence: no trailing full stop. */
const clause = (text: string) => text.trim().replace(/[.\s]+$/, '');

/** The `{detail}` of an action's message: the missing documents or the reason given. */
export function messageDetail(action: ActionName, input: ActionInputs[ActionName]): string {
  if (action === 'request-supplement') {
    return (input as ActionInputs['request-supplement']).missing.map(clause).join('; ');
  }
  const reason = (input as { reason?: unknown }).reason;
  return typeof reason === 'string' ? clause(reason) : '';
}
