/*
 * malloc-trim.node: one function, trim(), that calls glibc's malloc_trim(0) — hands the free pages
 * inside malloc's heaps back to the kernel. glibc's free() only ever returns the top of a heap, so
 * holes left by a burst of work (V8's compiler zones, parser buffers) stay resident for good; Node.js
 * has no way to call malloc_trim itself. `reduceMemoryWhenIdle` (src/idle-memory.ts) calls it once
 * the process has gone idle. Built beside each bundle by tools/src/build.ts (`cc`, Node-API 8); where
 * the C library is not glibc (musl), trim() does nothing and answers undefined.
 */
#define NAPI_VERSION 8
#include <stdlib.h>
#include <node_api.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static napi_value Trim(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
#if defined(__GLIBC__)
  /* 1 when memory was released, 0 when there was none to release. */
  napi_get_boolean(env, malloc_trim(0) != 0, &result);
#else
  napi_get_undefined(env, &result);
#endif
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "trim", NAPI_AUTO_LENGTH, Trim, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "trim", fn) != napi_ok) return NULL;
  return exports;
}
