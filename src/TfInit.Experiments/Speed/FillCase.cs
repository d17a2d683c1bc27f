using System.Text.Json;

namespace TfInit.Experiments.Speed;

/// <summary>
/// One row of the fill comparison: TfInit's median time for a fill against a peer's median time for the same amount
/// of work, both measured in the same run.
/// </summary>
/// <param name="Name">What TfInit fills, with the thread setting, e.g. <c>HeNormal (all threads)</c>.</param>
/// <param name="Shape">The tensor's shape as written in the table, e.g. <c>[4096, 4096]</c>.</param>
/// <param name="Dtype">The element type both sides produce (<c>float32</c> or <c>float64</c>).</param>
/// <param name="TfInitMs">TfInit's median milliseconds.</param>
/// <param name="Peer">The peer's call, e.g. <c>torch.randn</c>.</param>
/// <param name="PeerMs">The peer's median milliseconds.</param>
public sealed record FillCase(string Name, string Shape, string Dtype, double TfInitMs, string Peer, double PeerMs)
{
    /// <summary>TfInitMs / PeerMs: below 1 means TfInit is faster.</summary>
    public double Ratio => TfInitMs / PeerMs;

    /// <summary>
    /// Writes the case as one JSON object: name, shape, dtype, tfinit_ms, peer, peer_ms (rounded to 0.01 ms) and ratio
    /// (rounded to 4 decimals), the schema of the bench's <c>{"cases": [...]}</c>.
    /// </summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("name", Name);
        writer.WriteString("shape", Shape);
        writer.WriteString("dtype", Dtype);
        writer.WriteNumber("tfinit_ms", Math.Round(TfInitMs, 2));
        writer.WriteString("peer", Peer);
        writer.WriteNumber("peer_ms", Math.Round(PeerMs, 2));
        writer.WriteNumber("ratio", Math.Round(Ratio, 4));
        writer.WriteEndObject();
    }
}
