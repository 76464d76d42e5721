/*
 * libdeflate's compressor (vendored in libdeflate/, v1.26, MIT) with one addition: the
 * search depth and nice match length of a compressor can be set after it is allocated,
 * which libdeflate's API (levels 0-12 only) does not offer.
 */
#include "lib/deflate_compress.c"

/*
 * Sets the match finder's search depth and nice match length of `c`. Only meaningful for
 * the greedy and lazy levels (2-9), whose search reads these two fields on every call;
 * `depth` is at least 1 and `nice` is 3..=258 (the caller checks).
 */
void wfpack_deflate_set_search(struct libdeflate_compressor *c, unsigned depth,
			       unsigned nice)
{
	c->max_search_depth = depth;
	c->nice_match_length = nice;
}
