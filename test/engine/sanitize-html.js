/**
 * Stands in for `sanitize-html` in jest: n8n's Send Email node loads it (through the Form node's
 * helpers, for custom response forms) and its ESM-only dependency cannot load in jest. The
 * approval e-mails the tests send never reach it; it sanitizes by escaping everything.
 */
const escape = (text) =>
	String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
module.exports = Object.assign(escape, { default: escape, defaults: { allowedTags: [] } });
