// Starts GOV.UK Frontend's components (skip link, service navigation menu,
// notification banners, error summary, ...). Everything works without it.
//
// The import is relative, so it resolves from /static/js/ to /static/build/ both
// in development and after collectstatic (the manifest storage keeps the
// unhashed copies next to the hashed ones).
import { initAll } from '../build/govuk-frontend.min.js'

initAll()
