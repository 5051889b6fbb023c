#include "server/event_writer.h"

#include <charconv>
#include <cmath>
#include <string_view>

namespace sitrep::server {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0.
size_t utf8_len(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  if (n == 2 && c < 0xC2) return 0;  // overlong
  if (n == 3) {
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return 0;  // overlong, surrogate
  }
  if (n == 4) {
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return 0;
  }
  return n;
}

void key(const char* k, std::string* out) {
  *out += '"';
  *out += k;
  *out += "\":";
}

void str_or_null(const std::string& s, std::string* out) {
  if (s.empty())
    *out += "null";
  else
    append_json_string(s, out);
}

void int_or_null(const std::optional<int64_t>& v, std::string* out) {
  if (v)
    *out += std::to_string(*v);
  else
    *out += "null";
}

void num_or_null(const std::optional<double>& v, std::string* out) {
  if (!v || !std::isfinite(*v)) {  // nlohmann writes NaN as null too
    *out += "null";
    return;
  }
  // Shortest round-trip form, always with a fraction or exponent (as a double).
  char b[40];
  auto r = std::to_chars(b, b + sizeof b - 2, *v);
  std::string_view t(b, r.ptr - b);
  out->append(t);
  if (t.find_first_of(".eE") == std::string_view::npos) *out += ".0";
}

void date_or_null(const std::optional<Date>& d, std::string* out) {
  if (!d) {
    *out += "null";
    return;
  }
  *out += '"';
  *out += d->iso();
  *out += '"';
}

void triple(const std::optional<int64_t>& lo, const std::optional<int64_t>& best,
            const std::optional<int64_t>& hi, std::string* out) {
  *out += "{\"low\":";
  int_or_null(lo, out);
  *out += ",\"best\":";
  int_or_null(best, out);
  *out += ",\"high\":";
  int_or_null(hi, out);
  *out += '}';
}

void party(const std::string& name, const std::string& country, const std::string& code,
           const std::string& sector, std::string* out) {
  if (name.empty()) {
    *out += "null";
    return;
  }
  *out += "{\"name\":";
  append_json_string(name, out);
  *out += ",\"country\":";
  str_or_null(country, out);
  *out += ",\"code\":";
  str_or_null(code, out);
  *out += ",\"sector\":";
  str_or_null(sector, out);
  *out += '}';
}

}  // namespace

void append_json_string(std::string_view s, std::string* out) {
  static const char* kHex = "0123456789abcdef";
  *out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = utf8_len(s, i);
      if (n == 0) {
        *out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out->append(s.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      case '\b':
        *out += "\\b";
        break;
      case '\f':
        *out += "\\f";
        break;
      default:
        if (c < 0x20) {
          *out += "\\u00";
          *out += kHex[c >> 4];
          *out += kHex[c & 15];
        } else {
          *out += static_cast<char>(c);
        }
    }
    ++i;
  }
  *out += '"';
}

void append_event_json(const store::EventRow& r, std::string* out) {
  *out += '{';
  key("id", out), append_json_string(r.id, out);
  *out += ',', key("type", out), append_json_string(r.type, out);
  *out += ',', key("mode", out), str_or_null(r.mode, out);
  *out += ',', key("cameo", out), str_or_null(r.cameo, out);
  *out += ',', key("acled", out);
  if (r.acled_type.empty()) {
    *out += "null";
  } else {
    *out += "{\"event_type\":", append_json_string(r.acled_type, out);
    *out += ",\"sub_event_type\":", str_or_null(r.acled_sub, out), *out += '}';
  }
  *out += ',', key("date", out);
  *out += "{\"start\":", date_or_null(r.date_start, out);
  *out += ",\"end\":", date_or_null(r.date_end, out);
  *out += ",\"precision\":", str_or_null(r.date_precision, out), *out += '}';
  auto list = [&](const std::vector<std::string>& v) {
    *out += '[';
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) *out += ',';
      append_json_string(v[i], out);
    }
    *out += ']';
  };
  *out += ',', key("actor", out), party(r.actor1, r.actor1_country, r.actor1_code, r.actor1_sector, out);
  *out += ',', key("recipient", out), party(r.actor2, r.actor2_country, r.actor2_code, r.actor2_sector, out);
  *out += ',', key("assoc_actors_1", out), list(r.assoc_actor1);
  *out += ',', key("assoc_actors_2", out), list(r.assoc_actor2);
  *out += ',', key("place", out);
  if (r.location.empty() && !r.lat) {
    *out += "null";
  } else {
    *out += "{\"name\":", str_or_null(r.location, out);
    *out += ",\"lat\":", num_or_null(r.lat, out);
    *out += ",\"lon\":", num_or_null(r.lon, out);
    *out += ",\"country\":", str_or_null(r.country, out);
    *out += ",\"admin1\":", str_or_null(r.admin1, out);
    *out += ",\"precision\":", str_or_null(r.geo_precision, out), *out += '}';
  }
  *out += ',', key("killed", out), triple(r.killed_low, r.killed_best, r.killed_high, out);
  *out += ',', key("injured", out), triple(r.injured_low, r.injured_best, r.injured_high, out);
  *out += ',', key("modality", out), append_json_string(r.modality, out);
  *out += ',', key("background", out), *out += r.background ? "true" : "false";
  *out += ',', key("claim", out), str_or_null(r.claim, out);
  *out += ',', key("attribution", out), list(r.attribution);
  *out += ',', key("url", out), str_or_null(r.url, out);
  *out += ',', key("sources", out), list(r.sources);
  *out += ',', key("reports", out), *out += std::to_string(r.reports);
  *out += ',', key("first_seen", out), date_or_null(r.first_seen, out);
  *out += ',', key("last_seen", out), date_or_null(r.last_seen, out);
  *out += ',', key("notes", out), str_or_null(r.notes, out);
  *out += '}';
}

}  // namespace sitrep::server
