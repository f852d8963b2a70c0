import type { suggestionsContract } from '../../../shared/contract/suggestions';
import type { HandlersFor } from '../handler-types';
import { addSuggestion, listSuggestions, markSpam, setSuggestionStatus } from './suggestions';

export const suggestionsHandlers: HandlersFor<typeof suggestionsContract> = {
  'suggestions.list': async (input, ctx) => listSuggestions(ctx, input.status),
  'suggestions.add': async (input, ctx) => addSuggestion(ctx, input, 'typed'),
  'suggestions.setStatus': async (input, ctx) => setSuggestionStatus(ctx, input.id, input.status, input.planLineId),
  'suggestions.markSpam': async (input, ctx) => markSpam(ctx, input.ids),
};
