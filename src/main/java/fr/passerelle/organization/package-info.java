@NullMarked
package fr.passerelle.organization;

import org.jspecify.annotations.NullMarked;
