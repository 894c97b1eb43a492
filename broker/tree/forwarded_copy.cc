#include "broker/tree/forwarded_copy.h"

#include <string>

namespace xinbao::broker {

v1::Report ForwardedCopy(const v1::Report& stored, const TreePolicy& tree,
                         std::string_view unit_name, uint64_t position,
                         uint64_t after) {
  v1::Report copy = stored;
  v1::Forwarding& way = *copy.mutable_forwarded();
  if (!stored.has_forwarded()) {
    way.set_origin_broker(tree.id);
    way.set_origin_unit_id(stored.unit_id());
    way.set_origin_unit_name(std::string(unit_name));
    way.set_origin_broker_name(tree.name.empty() ? tree.id : tree.name);
  }
  v1::Hop& hop = *way.add_hops();
  hop.set_broker_id(tree.id);
  hop.set_sequence(stored.sequence());
  hop.set_stored_at_ms(stored.stored_at_ms());
  // hop_names is one per hop or empty; a report from below without them
  // stays without.
  if (way.hop_names_size() + 1 == way.hops_size()) way.add_hop_names(tree.name);
  way.set_link_position(position);
  way.set_after_position(after);
  copy.set_unit_id(tree.upstream.unit);
  copy.clear_sequence();
  copy.clear_stored_at_ms();
  return copy;
}

}  // namespace xinbao::broker
