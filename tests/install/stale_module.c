/* A PDF writer module of another build (tests/install/install.sh): the
 * head of its table (src/cli/modules.h) names another DC_MODULE_ABI, and
 * disclose must refuse it with a message, not call into it. */
struct dc_module_head {
    const char *abi;
};

const struct dc_module_head dc_module_pdf = {"0.0.0-stale"};
