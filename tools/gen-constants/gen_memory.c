/* Memory-mapping constants: mmap prot/flags, madvise, mremap, msync, mlock. */
#include "gen.h"
#include <linux/mman.h>      /* MAP_SHARED.., MREMAP_*, asm/mman.h -> asm-generic/mman(-common).h */

int main(void)
{
    C(MAP_TYPE); C(MAP_HUGETLB); C(MAP_HUGE_SHIFT); C(MAP_HUGE_MASK); C(MREMAP_FIXED);
    BLANK();

    TABLE(Prot, "mmap/mprotect prot bits (0 is PROT_NONE).");
    E(PROT_READ); E(PROT_WRITE); E(PROT_EXEC); E(PROT_SEM); E(PROT_GROWSDOWN); E(PROT_GROWSUP);
    END();

    TABLE(MapTypes, "mmap(2) mapping type (flags &amp; MAP_TYPE).");
    E(MAP_SHARED); E(MAP_PRIVATE); E(MAP_SHARED_VALIDATE);
    END();

    TABLE(MapFlags, "mmap(2) flags besides the type (x86_64; MAP_UNINITIALIZED shares bits with the huge page size).");
    E(MAP_FIXED); E(MAP_ANONYMOUS); E(MAP_32BIT); E(MAP_GROWSDOWN); E(MAP_DENYWRITE); E(MAP_EXECUTABLE);
    E(MAP_LOCKED); E(MAP_NORESERVE); E(MAP_POPULATE); E(MAP_NONBLOCK); E(MAP_STACK); E(MAP_HUGETLB);
    E(MAP_SYNC); E(MAP_FIXED_NOREPLACE); E(MAP_UNINITIALIZED);
    END();

    TABLE(MadviseAdvice, "madvise(2) advice.");
    E(MADV_NORMAL); E(MADV_RANDOM); E(MADV_SEQUENTIAL); E(MADV_WILLNEED); E(MADV_DONTNEED); E(MADV_FREE);
    E(MADV_REMOVE); E(MADV_DONTFORK); E(MADV_DOFORK); E(MADV_MERGEABLE); E(MADV_UNMERGEABLE);
    E(MADV_HUGEPAGE); E(MADV_NOHUGEPAGE); E(MADV_DONTDUMP); E(MADV_DODUMP); E(MADV_WIPEONFORK);
    E(MADV_KEEPONFORK); E(MADV_COLD); E(MADV_PAGEOUT); E(MADV_POPULATE_READ); E(MADV_POPULATE_WRITE);
    E(MADV_DONTNEED_LOCKED); E(MADV_COLLAPSE); E(MADV_HWPOISON); E(MADV_SOFT_OFFLINE);
    END();

    TABLE(MremapFlags, "mremap(2) flags.");
    E(MREMAP_MAYMOVE); E(MREMAP_FIXED); E(MREMAP_DONTUNMAP);
    END();

    TABLE(MsyncFlags, "msync(2) flags.");
    E(MS_ASYNC); E(MS_INVALIDATE); E(MS_SYNC);
    END();

    TABLE(Mlock2Flags, "mlock2(2) flags.");
    E(MLOCK_ONFAULT);
    END();

    TABLE(MlockallFlags, "mlockall(2) flags.");
    E(MCL_CURRENT); E(MCL_FUTURE); E(MCL_ONFAULT);
    END();
    return 0;
}
