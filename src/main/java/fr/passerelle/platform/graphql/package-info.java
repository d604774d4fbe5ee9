@NullMarked
package fr.passerelle.platform.graphql;

import org.jspecify.annotations.NullMarked;
