// Loaded (not deferred) first thing in <body>, before anything is drawn, as GOV.UK Frontend's
// inline snippet would be: marks the page as having JavaScript, and as supporting GOV.UK
// Frontend's components when the browser runs ES modules.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
