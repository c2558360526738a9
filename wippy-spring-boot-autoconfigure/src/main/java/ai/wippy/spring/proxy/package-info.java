/** Typed proxies of registry functions, injected with {@code @WippyFunction}. */
package ai.wippy.spring.proxy;
