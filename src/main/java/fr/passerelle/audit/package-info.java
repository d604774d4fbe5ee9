/**
 * Accountability: the access log. Every request that disclosed or refused personal data
 * appends one access event, chained by SHA-256 to the previous one, before its response
 * leaves; the integrity check walks the chain.
 */
@NullMarked
package fr.passerelle.audit;

import org.jspecify.annotations.NullMarked;
