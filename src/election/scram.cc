#include "election/scram.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <map>
#include <stdexcept>
#include <vector>

namespace tessera::election {

namespace {

const EVP_MD* digest_of(sasl_mechanism m) {
  return m == sasl_mechanism::scram_sha_512 ? EVP_sha512() : EVP_sha256();
}

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (HMAC(md, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
           data.size(), out, &n) == nullptr) {
    throw std::runtime_error("HMAC failed");
  }
  return std::string(reinterpret_cast<const char*>(out), n);
}

std::string hash(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), out, &n, md, nullptr) != 1) throw std::runtime_error("digest failed");
  return std::string(reinterpret_cast<const char*>(out), n);
}

/// RFC 5802 saslname: '=' and ',' are escaped.
std::string escape_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '=') {
      out += "=3D";
    } else if (c == ',') {
      out += "=2C";
    } else {
      out += c;
    }
  }
  return out;
}

/// Attributes of a SCRAM message: "r=…,s=…,i=…" → {r, s, i}.
std::map<char, std::string> attributes(std::string_view msg) {
  std::map<char, std::string> out;
  std::size_t pos = 0;
  while (pos <= msg.size()) {
    auto end = msg.find(',', pos);
    if (end == std::string_view::npos) end = msg.size();
    auto part = msg.substr(pos, end - pos);
    if (part.size() >= 2 && part[1] == '=') out.emplace(part[0], std::string(part.substr(2)));
    pos = end + 1;
  }
  return out;
}

}  // namespace

std::string base64_encode(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(raw.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

result<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return fail(error_code::store_error, "invalid base64 length");
  std::string out(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return fail(error_code::store_error, "invalid base64");
  // EVP_DecodeBlock counts padding as zero bytes.
  std::size_t len = static_cast<std::size_t>(n);
  if (!text.empty() && text.back() == '=') --len;
  if (text.size() >= 2 && text[text.size() - 2] == '=') --len;
  out.resize(len);
  return out;
}

scram_client::scram_client(sasl_mechanism mechanism, std::string user, std::string password, std::string nonce)
    : mechanism_(mechanism), user_(std::move(user)), password_(std::move(password)), nonce_(std::move(nonce)) {
  if (nonce_.empty()) {
    unsigned char raw[24];
    if (RAND_bytes(raw, sizeof raw) != 1) throw std::runtime_error("RAND_bytes failed");
    nonce_ = base64_encode(std::string_view(reinterpret_cast<const char*>(raw), sizeof raw));
  }
}

std::string scram_client::client_first() const { return "n,," + std::string("n=") + escape_name(user_) + ",r=" + nonce_; }

result<std::string> scram_client::client_final(std::string_view server_first) {
  auto attrs = attributes(server_first);
  if (attrs.count('e')) return fail(error_code::store_error, "SCRAM server error: " + attrs['e']);
  if (!attrs.count('r') || !attrs.count('s') || !attrs.count('i')) {
    return fail(error_code::store_error, "SCRAM server-first message lacks r, s or i");
  }
  const std::string& server_nonce = attrs['r'];
  if (server_nonce.compare(0, nonce_.size(), nonce_) != 0 || server_nonce.size() <= nonce_.size()) {
    return fail(error_code::store_error, "SCRAM server nonce does not extend the client nonce");
  }
  auto salt = base64_decode(attrs['s']);
  if (!salt) return fail(error_code::store_error, "SCRAM salt: " + salt.error().message);
  int iterations = 0;
  try {
    iterations = std::stoi(attrs['i']);
  } catch (const std::exception&) {
    iterations = 0;
  }
  // Kafka's minimum is 4096; cap the top so a hostile broker cannot pin the CPU.
  if (iterations < 1 || iterations > 1'000'000) {
    return fail(error_code::store_error, "SCRAM iteration count '" + attrs['i'] + "' is out of range");
  }

  const EVP_MD* md = digest_of(mechanism_);
  std::string salted(static_cast<std::size_t>(EVP_MD_get_size(md)), '\0');
  if (PKCS5_PBKDF2_HMAC(password_.data(), static_cast<int>(password_.size()),
                        reinterpret_cast<const unsigned char*>(salt->data()), static_cast<int>(salt->size()),
                        iterations, md, static_cast<int>(salted.size()),
                        reinterpret_cast<unsigned char*>(salted.data())) != 1) {
    return fail(error_code::store_error, "PBKDF2 failed");
  }
  std::string client_key = hmac(md, salted, "Client Key");
  std::string stored_key = hash(md, client_key);
  std::string without_proof = "c=biws,r=" + server_nonce;
  std::string client_first_bare = client_first().substr(3);
  std::string auth_message = client_first_bare + "," + std::string(server_first) + "," + without_proof;
  std::string signature = hmac(md, stored_key, auth_message);
  std::string proof = client_key;
  for (std::size_t i = 0; i < proof.size(); ++i) proof[i] = static_cast<char>(proof[i] ^ signature[i]);
  server_signature_ = hmac(md, hmac(md, salted, "Server Key"), auth_message);
  return without_proof + ",p=" + base64_encode(proof);
}

result<void> scram_client::verify_server_final(std::string_view server_final) const {
  auto attrs = attributes(server_final);
  if (attrs.count('e')) return fail(error_code::store_error, "SCRAM authentication failed: " + attrs['e']);
  if (!attrs.count('v')) return fail(error_code::store_error, "SCRAM server-final message lacks v");
  auto v = base64_decode(attrs['v']);
  if (!v || server_signature_.empty() || *v != server_signature_) {
    return fail(error_code::store_error, "SCRAM server signature does not match: the broker is not who it claims");
  }
  return {};
}

}  // namespace tessera::election
