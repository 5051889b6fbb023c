// A small TopoJSON → GeoJSON decoder (quantized and plain topologies;
// Polygon, MultiPolygon, LineString, MultiLineString, Point geometries).
"use strict";
(function (global) {
  function decodeArcs(topo) {
    const t = topo.transform;
    return topo.arcs.map(function (arc) {
      let x = 0, y = 0;
      return arc.map(function (p) {
        if (!t) return [p[0], p[1]];
        x += p[0];
        y += p[1];
        return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
      });
    });
  }
  function line(arcs, indexes) {
    const out = [];
    indexes.forEach(function (i) {
      const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      a.forEach(function (p, k) { if (k > 0 || out.length === 0) out.push(p); });
    });
    return out;
  }
  function geometry(arcs, g, topo) {
    const ring = function (r) { return line(arcs, r); };
    switch (g.type) {
      case "Polygon": return { type: "Polygon", coordinates: g.arcs.map(ring) };
      case "MultiPolygon": return { type: "MultiPolygon", coordinates: g.arcs.map(function (p) { return p.map(ring); }) };
      case "LineString": return { type: "LineString", coordinates: ring(g.arcs) };
      case "MultiLineString": return { type: "MultiLineString", coordinates: g.arcs.map(ring) };
      case "Point": {
        const t = topo.transform, c = g.coordinates;
        return { type: "Point", coordinates: t ? [c[0] * t.scale[0] + t.translate[0], c[1] * t.scale[1] + t.translate[1]] : c };
      }
      default: return null;
    }
  }
  // Features of one named object ("countries") of a Topology.
  function feature(topo, name) {
    const arcs = decodeArcs(topo);
    const obj = topo.objects[name];
    const geoms = obj.type === "GeometryCollection" ? obj.geometries : [obj];
    return {
      type: "FeatureCollection",
      features: geoms.map(function (g) {
        return { type: "Feature", id: g.id, properties: g.properties || {}, geometry: geometry(arcs, g, topo) };
      }).filter(function (f) { return f.geometry; }),
    };
  }
  global.topo = { feature: feature };
})(window);
