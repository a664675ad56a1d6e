#pragma once
// 8.3 short names ("mangled names") computed the way Samba's default mangling method,
// "hash2" with "mangle prefix = 1", computes them, so a folder served by smbkit and by smbd
// shows the same short names. Pure functions: no I/O.
//
// MS-FSCC 2.1.5.2.1 (8.3 names), 2.4.5 (FileAlternateNameInformation), 2.4.8 / 2.4.17
// (ShortName of FileBothDirectoryInformation / FileIdBothDirectoryInformation).
//
// A long name's short name is:
//  - the name itself when it already is a legal 8.3 name (at most 8 characters, optionally a
//    dot and 1-3 more, only printable ASCII, none of  "*/:<>?\|  +,;=[]  and not a DOS
//    device name such as CON or com1.txt);
//  - otherwise  L HHHHH ~ H [. EXT]: L is the first byte of the name upper-cased ('_' if it is
//    not one of A-Z a-z 0-9 _ - $ ~), HHHHH~H a base-36 rendering of a 31-bit FNV-1 style
//    hash of the upper-cased part before the last dot, EXT the upper-cased extension after
//    the last dot when it is 1-3 of those characters (else the whole name is hashed and no
//    extension is kept). The '~' is fixed: Samba's "mangling char" only applies to the old
//    "hash" method, and "mangle case" only to how 8.3 names a client creates are stored.

#include <cstdint>
#include <string>
#include <string_view>

namespace smbkit::vfs {

// smb.conf "mangled names" (Samba 4.17: default "illegal"):
//  - yes: directory listings carry the short name of every entry whose name is not 8.3;
//  - illegal: listings carry no short names (only names that must be mangled are shown by
//    their short name); FileAlternateNameInformation and lookup by short name still work;
//  - no: no short names anywhere; FileAlternateNameInformation answers the name itself,
//    cut to 12 bytes, as Samba does.
enum class mangled_names { no, yes, illegal };

// Samba's is_8_3(): a name that can be given to a DOS client unchanged. "." and ".." are.
bool is_8_3(std::string_view name);

// A DOS device name, alone or with an extension: AUX CON NUL PRN COM1-9 LPT1-9, any case.
bool is_reserved_dos_name(std::string_view name);

// Samba's is_legal_name(): no control characters or any of *\/?<>|": and no trailing '.'
// (except "." and "..") or trailing ' '.
bool is_legal_long_name(std::string_view name);

// Samba's must_mangle(): listed by its short name instead of its long name (modes yes and
// illegal), as Windows could not use the long one.
bool must_mangle(std::string_view name);

// A byte no NT name may hold: a control character or one of *\/?<>|":. Such a name exists
// only from the Unix side, cannot be named by a client, and is listed by its short name.
bool has_illegal_nt_char(std::string_view name);

// Samba's mangle_hash(): a 31-bit FNV-1 style hash of `key` (its first 255 bytes)
// upper-cased.
std::uint32_t mangle_hash(std::string_view key);

// The short name of `name` (see above). Already-8.3 names are returned as they are (not
// upper-cased); generated ones are upper case.
std::string short_name(std::string_view name);

// The short name a directory entry carries in a listing (MS-FSCC ShortName) for a share
// in mode `m`: empty when the name is 8.3 itself or m is not "yes"; upper-cased.
std::string listing_short_name(std::string_view name, mangled_names m);

// Samba's is_mangled_component() for mangle prefix 1: 8-12 bytes, '~' at offset 6, a
// base-36 digit at 1-5 and 7, a dot at 8 if longer, only A-Z a-z 0-9 _ - $ ~ elsewhere.
// Only such a name is looked up among the short names of a directory.
bool looks_mangled(std::string_view name);

// True if `candidate` is the short name of `long_name` (compared case-insensitively, as
// Samba's mangled_equal()).
bool short_name_matches(std::string_view long_name, std::string_view candidate);

// Samba's prefix cache (mangle_hash2.c cache_insert / lookup_name_from_8_3): every short
// name handed to a client (listings, FileAlternateNameInformation) is remembered with the
// part of the long name it hashes, process-wide, the oldest forgotten past a few thousand.
// A client that creates a file by a short name it was given (after deleting the original,
// as smbtorture smb2.mangle does) gets the long name back: prefix + the short name's
// extension. The only state here; thread-safe.
void remember_short_name(std::string_view long_name);
// The long name for a generated short name a client was given, or "" if none is known.
std::string long_name_from_cache(std::string_view short_name);

}  // namespace smbkit::vfs
