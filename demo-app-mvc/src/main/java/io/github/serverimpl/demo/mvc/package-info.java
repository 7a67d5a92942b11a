/**
 * The demo contract as a Spring MVC application on the servlet API: the same endpoints as the
 * WebFlux demo, plus sessions, multipart uploads and servlet async, served by Kestrel with Tomcat
 * on the classpath, as start.spring.io makes a Spring MVC application.
 */
@NullMarked
package io.github.serverimpl.demo.mvc;

import org.jspecify.annotations.NullMarked;
