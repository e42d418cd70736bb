"use strict";
// Swagger UI on the open data page (api/templates/api/docs.html), served as its own script so
// that the page needs no inline script (the CSP). The layout is the operations only (each shows
// its response's schema): Swagger UI's own layout wraps them in a second <main>, and the page already says what
// its header would.
const OperationsLayoutPlugin = (system) => ({
  components: {
    OperationsLayout: () => {
      const h = system.React.createElement;
      const Errors = system.getComponent("errors", true);
      const Operations = system.getComponent("operations", true);
      return h("div", { className: "swagger-ui" }, h("div", { className: "wrapper" }, h(Errors), h(Operations)));
    },
  },
});

window.ui = SwaggerUIBundle({
  url: "{{ schema_url|escapejs }}",
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis],
  plugins: [OperationsLayoutPlugin],
  layout: "OperationsLayout",
  ...{{ settings|safe }},
});
