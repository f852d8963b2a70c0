import { z } from 'zod';
import { id, method, requiredText, text } from './define';
import { suggestionSources, suggestionStatuses } from './enums';

export { suggestionSourceLabels, suggestionSources, suggestionStatusLabels, suggestionStatuses } from './enums';
export type { SuggestionSource, SuggestionStatus } from './enums';

/** Length caps of a suggestion's fields (the OPAC form and the typed form share them). */
export const SUGGESTION_LIMITS = { title: 300, author: 200, who: 120, why: 1000 } as const;

const capped = (max: number, label: string) => text().pipe(z.string().max(max, `${label} tối đa ${max} ký tự.`));

/** What a teacher or student proposes (typed by the librarian, or sent from the OPAC). */
export const suggestionInput = z.object({
  title: requiredText('Hãy nhập nhan đề sách đề xuất.').pipe(z.string().max(SUGGESTION_LIMITS.title, `Nhan đề tối đa ${SUGGESTION_LIMITS.title} ký tự.`)),
  author: capped(SUGGESTION_LIMITS.author, 'Tác giả').default(''),
  /** Free text: a name and/or a role as typed ("cô Lan, GV Ngữ văn"); not a link to a reader. */
  who: capped(SUGGESTION_LIMITS.who, 'Người đề xuất').default(''),
  why: capped(SUGGESTION_LIMITS.why, 'Lý do').default(''),
});
export type SuggestionInput = z.input<typeof suggestionInput>;

export const suggestion = z.object({
  id: z.number(),
  title: z.string(),
  author: z.string(),
  who: z.string(),
  why: z.string(),
  source: z.enum(suggestionSources),
  /** ISO timestamp. */
  createdAt: z.string(),
  status: z.enum(suggestionStatuses),
  /** How many times the same title and author were sent (identical suggestions are merged into one row). */
  count: z.number().int(),
  /** ISO timestamp of the latest of them (null: sent once). */
  lastAt: z.string().nullable(),
  /** The plan line this suggestion became, once it is in a plan. */
  planLineId: z.number().nullable(),
});
export type Suggestion = z.infer<typeof suggestion>;

export const suggestionsContract = {
  /** The inbox, newest first (spam left out); optionally only one status ('spam' lists the spam). */
  'suggestions.list': method(z.object({ status: z.enum(suggestionStatuses).optional() }), z.array(suggestion)),
  /** A suggestion typed by the librarian (source 'typed'); the OPAC adds its own through the service. */
  'suggestions.add': method(suggestionInput, suggestion),
  /** Mới / Đã đưa vào kế hoạch / Không mua; planLineId only with 'planned'. */
  'suggestions.setStatus': method(z.object({ id, status: z.enum(suggestionStatuses), planLineId: id.nullable().default(null) }), suggestion),
  /** Marks new suggestions as spam: they leave the inbox, and identical ones sent later join them there. One audit row. */
  'suggestions.markSpam': method(
    z.object({ ids: z.array(id).min(1, 'Hãy chọn ít nhất một đề xuất.').max(1000, 'Chọn tối đa 1.000 đề xuất một lần.') }),
    z.object({ marked: z.number().int() }),
  ),
};
