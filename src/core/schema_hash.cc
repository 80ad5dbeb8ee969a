#include "tessera/core/schema_hash.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace tessera {

namespace {

/// MD5 fetched from the provider once: with OpenSSL 3, EVP_md5() in every init does an
/// implicit fetch (a locked provider lookup), which dominated replay time.
const EVP_MD* md5_algorithm() {
  static const EVP_MD* md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "MD5", nullptr);
    return fetched != nullptr ? fetched : EVP_md5();
  }();
  return md;
}

using ctx_ptr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

/// One digest context per thread, reset by every init instead of allocated per hash.
EVP_MD_CTX* thread_context() {
  thread_local ctx_ptr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  return ctx.get();
}

/// Incremental MD5 over OpenSSL's EVP interface (MD5 is what Confluent hashes with).
class md5 {
 public:
  md5() : ctx_(thread_context()) {
    if (ctx_ == nullptr || EVP_DigestInit_ex(ctx_, md5_algorithm(), nullptr) != 1) {
      throw std::runtime_error("cannot initialise MD5");
    }
  }
  void add(std::string_view s) { EVP_DigestUpdate(ctx_, s.data(), s.size()); }
  void add_byte(std::uint8_t b) { EVP_DigestUpdate(ctx_, &b, 1); }
  void add_int32(std::int32_t v) {
    std::uint8_t be[4] = {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                          static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
    EVP_DigestUpdate(ctx_, be, 4);
  }
  schema_hash finish() {
    schema_hash out{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_, out.data(), &len);
    return out;
  }

 private:
  EVP_MD_CTX* ctx_;
};

void add_rules(md5& h, const std::vector<schema_rule>& rules) {
  for (const auto& r : rules) {
    h.add(r.name);
    h.add(r.doc);
    h.add(r.kind);
    h.add(r.mode);
    h.add(r.type);
    for (const auto& t : r.tags) h.add(t);
    for (const auto& [k, v] : r.params) {
      h.add(k);
      h.add(v);
    }
    h.add(r.expr);
    h.add(r.on_success);
    h.add(r.on_failure);
    if (r.disabled) h.add_byte(1);
  }
}

}  // namespace

schema_hash hash_schema(const schema_content& content) {
  md5 h;
  h.add(content.text);
  for (const auto& ref : content.references) {
    h.add(ref.name);
    h.add(ref.subject);
    h.add_int32(ref.version);
  }
  if (content.metadata) {
    h.add_byte(1);
    for (const auto& [k, values] : content.metadata->tags) {
      h.add(k);
      for (const auto& v : values) h.add(v);
    }
    for (const auto& [k, v] : content.metadata->properties) {
      h.add(k);
      h.add(v);
    }
    for (const auto& s : content.metadata->sensitive) h.add(s);
  }
  if (content.rule_set) {
    h.add_byte(1);
    add_rules(h, content.rule_set->migration_rules);
    add_rules(h, content.rule_set->domain_rules);
    add_rules(h, content.rule_set->encoding_rules);
  }
  return h.finish();
}

std::string to_guid(const schema_hash& h) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[h[i] >> 4];
    out += hex[h[i] & 0xF];
  }
  return out;
}

}  // namespace tessera
