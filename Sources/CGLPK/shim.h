#ifndef HUBSPOKE_CGLPK_SHIM_H
#define HUBSPOKE_CGLPK_SHIM_H
/* GLPK's public API. Installed by Debian's libglpk-dev (no pkg-config file). */
#include <glpk.h>
#endif
