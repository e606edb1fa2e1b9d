/** How the development server runs commands and finds ports; not API, used by this module only. */
package dev.tidemark.devserver.internal;
