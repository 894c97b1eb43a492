#include "clients/lib/curve_client.h"

#include <system_error>
#include <utility>

#include "proto/curve_keys.h"

namespace xinbao::client {

Result<CurveClientKeys> LoadCurveClientKeys(
    const std::filesystem::path& key_file,
    const std::filesystem::path& server_key_file) {
  Result<CurveKeyPair> own = ReadKeyFile(key_file);
  if (!own.ok()) return own.status();
  if (own->secret_key.empty()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "密钥文件 " + key_file.string() +
                      " 只有公钥，没有私钥：--key-file 应给本用户的 .key 文件"
                      "（xinbao keygen 生成），不是 .pub 文件",
                  key_file.string());
  }
  // The broker's public key itself (Z85), when no file has that name.
  const std::string text = server_key_file.string();
  std::error_code error;
  if (IsCurveKey(text) && !std::filesystem::exists(server_key_file, error)) {
    return CurveClientKeys{std::move(own->public_key),
                           std::move(own->secret_key), text};
  }
  Result<CurveKeyPair> server = ReadKeyFile(server_key_file);
  if (!server.ok()) return server.status();
  return CurveClientKeys{std::move(own->public_key), std::move(own->secret_key),
                         std::move(server->public_key)};
}

void ApplyCurve(zmq::socket_t& socket,
                const std::optional<CurveClientKeys>& keys) {
  if (!keys) return;
  socket.set(zmq::sockopt::curve_serverkey, keys->server_key);
  socket.set(zmq::sockopt::curve_publickey, keys->public_key);
  socket.set(zmq::sockopt::curve_secretkey, keys->secret_key);
}

std::string CurveSilenceHint(const std::optional<CurveClientKeys>& keys) {
  if (!keys) return "";
  return "；没有回复也可能是密钥不对：--server-key 须是该服务器的公钥，"
         "--key-file 须是已在服务器登记的用户密钥";
}

}  // namespace xinbao::client
