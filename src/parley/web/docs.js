/* The API docs page (/docs): Swagger UI over the server's own OpenAPI spec. A file rather
 * than FastAPI's inline script, because the server's Content-Security-Policy allows no inline script. */
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
