// Great-circle distance on a spherical Earth (mean radius 6371.0088 km), the
// one distance every stage uses: toponym evaluation (161 km), store merging
// (25 km) and place ranking. Degrees in, kilometres out.
#pragma once

namespace sitrep {

double great_circle_km(double lat1, double lon1, double lat2, double lon2);

}  // namespace sitrep
