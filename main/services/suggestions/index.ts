export { addSuggestion, listSuggestions, markSpam, opacSuggestionBox, setSuggestionStatus, type SuggestionFieldsIn } from './suggestions';
