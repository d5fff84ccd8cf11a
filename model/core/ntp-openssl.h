/*
 * Owners for OpenSSL objects, private to the core's authentication files:
 * every early return frees what OpenSSL allocated.
 */
#ifndef NTP_CORE_OPENSSL_H
#define NTP_CORE_OPENSSL_H

#include <memory>
#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace ntp
{

/// Deleter calling OpenSSL's own free function for the type.
template<auto Free>
struct OpenSslFree
{
    template<typename T>
    void operator()(T* object) const
    {
        Free(object);
    }
};

template<typename T, auto Free>
using OpenSslPtr = std::unique_ptr<T, OpenSslFree<Free>>;

using MdPtr = OpenSslPtr<EVP_MD, EVP_MD_free>;
using MdCtxPtr = OpenSslPtr<EVP_MD_CTX, EVP_MD_CTX_free>;
using MacPtr = OpenSslPtr<EVP_MAC, EVP_MAC_free>;
using MacCtxPtr = OpenSslPtr<EVP_MAC_CTX, EVP_MAC_CTX_free>;
using CipherPtr = OpenSslPtr<EVP_CIPHER, EVP_CIPHER_free>;
using CipherCtxPtr = OpenSslPtr<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;

/// Key material held by value (a pad state, a subkey): wiped with
/// OPENSSL_cleanse when it goes, and never copied, so that no stray copy
/// outlives the key.
template<typename T>
struct Wiped
{
    Wiped() = default;
    Wiped(const Wiped&) = delete;
    Wiped& operator=(const Wiped&) = delete;

    ~Wiped()
    {
        OPENSSL_cleanse(&value, sizeof(value));
    }

    T value{};
};

} // namespace ntp

#endif // NTP_CORE_OPENSSL_H
