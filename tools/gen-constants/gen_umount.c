/* umount2 and swapon flags, which only glibc's headers spell out. */
#include "gen.h"
#include <sys/mount.h>
#include <sys/swap.h>

int main(void)
{
    C(SWAP_FLAG_PRIO_MASK);
    BLANK();

    TABLE(UmountFlags, "umount2(2) flags.");
    E(MNT_FORCE); E(MNT_DETACH); E(MNT_EXPIRE); E(UMOUNT_NOFOLLOW);
    END();

    TABLE(SwapFlags, "swapon(2) flags (the low bits below SWAP_FLAG_PREFER are the priority).");
    E(SWAP_FLAG_PREFER); E(SWAP_FLAG_DISCARD);
    END();
    return 0;
}
