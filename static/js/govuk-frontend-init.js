// Starts every GOV.UK Frontend component on the page (initAll), as GOV.UK Frontend's own
// inline snippet does. The address of govuk-frontend.min.js comes from this script's
// data-govuk-frontend attribute, so that it is the same (hashed) file the page already loads.
const script = document.querySelector("script[data-govuk-frontend]");
import(script.dataset.govukFrontend).then(function (govuk) {
  govuk.initAll();
});
