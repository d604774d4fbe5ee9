@NullMarked
package fr.passerelle.demo;

import org.jspecify.annotations.NullMarked;
