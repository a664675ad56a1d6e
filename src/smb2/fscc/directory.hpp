#pragma once
// MS-FSCC 2.4 directory enumeration classes answered by QUERY_DIRECTORY:
// FileDirectoryInformation (2.4.10), FileFullDirectoryInformation (2.4.17),
// FileBothDirectoryInformation (2.4.8), FileNamesInformation (2.4.31),
// FileIdFullDirectoryInformation (2.4.20), FileIdBothDirectoryInformation (2.4.19),
// FileIdExtdDirectoryInformation (2.4.21).
// Entries are 8-byte aligned and chained by NextEntryOffset; the last has 0.

#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/ntstatus.hpp"

namespace smbkit::smb2::fscc {

struct directory_entry {
    std::uint32_t file_index = 0;
    std::uint64_t creation_time = 0;
    std::uint64_t last_access_time = 0;
    std::uint64_t last_write_time = 0;
    std::uint64_t change_time = 0;
    std::uint64_t end_of_file = 0;
    std::uint64_t allocation_size = 0;
    std::uint32_t file_attributes = 0;
    std::uint32_t ea_size = 0;
    std::uint32_t reparse_tag = 0;  // Extd class only
    std::string short_name;  // 8.3 name, at most 12 characters; Both classes only
    std::uint64_t file_id = 0;       // Id classes only
    std::uint64_t file_id_high = 0;  // the upper half of the Extd class's 128-bit FileId
    std::string name;
    bool operator==(const directory_entry&) const = default;
};

// True for the seven classes above.
bool is_directory_class(std::uint8_t info_class);

// The size of one entry of a class, without the padding that follows it.
std::size_t directory_entry_size(std::uint8_t info_class, const directory_entry& e);

// Builds a QUERY_DIRECTORY output buffer of at most `max_output` bytes
// (OutputBufferLength): add() appends an entry when it fits and says false, changing
// nothing, when it does not, so that the caller keeps the entry for the next request.
class directory_encoder {
public:
    directory_encoder(std::uint8_t info_class, std::uint32_t max_output)
        : class_(info_class), max_(max_output) {}

    bool add(const directory_entry& e);
    std::size_t count() const { return count_; }
    bool empty() const { return count_ == 0; }
    std::size_t size() const { return w_.size(); }
    bytes take() { return w_.take(); }

private:
    std::uint8_t class_;
    std::uint32_t max_;
    writer w_;
    std::size_t last_ = 0;
    std::size_t count_ = 0;
};

result<std::vector<directory_entry>> decode_directory(std::uint8_t info_class, byte_span data);

}  // namespace smbkit::smb2::fscc
