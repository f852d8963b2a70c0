export { addSuggestion, listSuggestions, setSuggestionStatus, type SuggestionFieldsIn } from './suggestions';
