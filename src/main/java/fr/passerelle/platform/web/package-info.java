/**
 * The HTTP edge: request-body limit, rate limits per client, GraphQL over GET.
 */
@NullMarked
package fr.passerelle.platform.web;

import org.jspecify.annotations.NullMarked;
