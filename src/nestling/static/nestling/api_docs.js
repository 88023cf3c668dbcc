// The API's interactive documentation: Swagger UI (vendored) pointed at the OpenAPI document named by the
// page, so the page itself carries no script.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // Nothing leaves for a validator badge elsewhere.
    validatorUrl: null,
  });
})();
