// Starts Swagger UI on the API documentation page (a static file: the Content-Security-Policy allows no inline script).
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    deepLinking: false, // its links sit inside the operation buttons (nested interactive controls, axe-core)
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
  });
});
