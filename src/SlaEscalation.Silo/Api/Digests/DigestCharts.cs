using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace SlaEscalation.Silo.Api.Digests;

/// <summary>Small inline SVG bar charts: one labelled bar per value, scaled to the largest, with the count written beside it.</summary>
public static class DigestCharts
{
    private const int Width = 360;
    private const int LabelWidth = 110;
    private const int BarHeight = 18;
    private const int Gap = 6;
    private const int Top = 26;

    /// <summary>A chart titled <paramref name="title"/>; "None." in place of bars when there is nothing to draw.</summary>
    public static string Bars(string title, string id, IReadOnlyList<(string Label, int Count)> bars, string color)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var encoder = HtmlEncoder.Default;
        var height = Top + Math.Max(1, bars.Count) * (BarHeight + Gap);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" data-chart=\"{id}\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"system-ui,sans-serif\" font-size=\"12\">");
        svg.Append("<title>").Append(encoder.Encode(title)).Append("</title>");
        svg.Append("<text x=\"0\" y=\"14\" font-weight=\"600\">").Append(encoder.Encode(title)).Append("</text>");
        var largest = bars.Count == 0 ? 0 : bars.Max(b => b.Count);
        if (largest == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{Top + BarHeight - 5}\" fill=\"#59636e\">None.</text>");
        }

        var span = Width - LabelWidth - 40;
        for (var i = 0; largest > 0 && i < bars.Count; i++)
        {
            var (label, count) = bars[i];
            var y = Top + (i * (BarHeight + Gap));
            var length = count == 0 ? 0 : Math.Max(2, (int)Math.Round((double)span * count / largest));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + BarHeight - 5}\">").Append(encoder.Encode(label)).Append("</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{length}\" height=\"{BarHeight}\" fill=\"{color}\" rx=\"2\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + length + 4}\" y=\"{y + BarHeight - 5}\" data-bar=\"")
                .Append(encoder.Encode(label)).Append("\">").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</text>");
        }

        return svg.Append("</svg>").ToString();
    }
}
