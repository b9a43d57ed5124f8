#pragma once
// Everything the rest of sqlacc uses from the auth module: the SigV4 verifier and signer.
#include "auth/signer.h"    // IWYU pragma: export
#include "auth/types.h"     // IWYU pragma: export
#include "auth/verifier.h"  // IWYU pragma: export
