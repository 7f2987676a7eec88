using System.Globalization;
using System.Text;

namespace WorkUnits.Benchmarks.Reporting;

/// <summary>Draws throughput over time (items per second over a sliding second) as a plain SVG line chart.</summary>
internal static class SvgPlot
{
    private const int Width = 960;
    private const int Height = 540;
    private const int Left = 80;
    private const int Right = 250;
    private const int Top = 40;
    private const int Bottom = 50;

    private static readonly string[] Colors =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    public static string Draw(string title, IReadOnlyList<(string Label, IReadOnlyList<Sample> Samples)> series)
    {
        var lines = series.Select(s => (s.Label, Points: Rates(s.Samples))).Where(s => s.Points.Count > 0).ToList();
        var maxX = Math.Max(1, lines.SelectMany(s => s.Points).Select(p => p.X).DefaultIfEmpty(1).Max());
        var maxY = Nice(Math.Max(1, lines.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(1).Max()));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;

        string X(double x) => F(Left + (x / maxX * plotWidth));
        string Y(double y) => F(Top + plotHeight - (y / maxY * plotHeight));

        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{Height}" fill="white"/>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="24" font-size="16">{Escape(title)}</text>""");

        for (var tick = 0; tick <= 5; tick++)
        {
            var value = maxY * tick / 5;
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Left + plotWidth}" y1="{Y(value)}" y2="{Y(value)}" stroke="#ddd"/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Left - 8}" y="{Y(value)}" text-anchor="end" dominant-baseline="middle">{value:N0}</text>""");

            var seconds = maxX * tick / 5;
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{X(seconds)}" y="{Top + plotHeight + 18}" text-anchor="middle">{seconds:0.#}</text>""");
        }

        svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Left}" y1="{Top}" y2="{Top + plotHeight}" stroke="black"/>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Left + plotWidth}" y1="{Top + plotHeight}" y2="{Top + plotHeight}" stroke="black"/>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Left + (plotWidth / 2)}" y="{Height - 10}" text-anchor="middle">seconds since start</text>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="16" y="{Top + (plotHeight / 2)}" transform="rotate(-90 16 {Top + (plotHeight / 2)})" text-anchor="middle">items per second (1 s window)</text>""");

        for (var index = 0; index < lines.Count; index++)
        {
            var (label, points) = lines[index];
            var color = Colors[index % Colors.Length];
            var path = string.Join(' ', points.Select(p => $"{X(p.X)},{Y(p.Y)}"));
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{path}"/>""");

            var legendY = Top + 10 + (index * 20);
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Width - Right + 15}" x2="{Width - Right + 40}" y1="{legendY}" y2="{legendY}" stroke="{color}" stroke-width="3"/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Width - Right + 46}" y="{legendY}" dominant-baseline="middle">{Escape(label)}</text>""");
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>The rate at each sample over the samples of the second before it.</summary>
    private static List<(double X, double Y)> Rates(IReadOnlyList<Sample> samples)
    {
        var points = new List<(double X, double Y)>();
        var start = 0;
        for (var index = 1; index < samples.Count; index++)
        {
            while (start < index - 1 && samples[index].Seconds - samples[start + 1].Seconds >= 1.0)
            {
                start++;
            }

            var span = samples[index].Seconds - samples[start].Seconds;
            if (span > 0.05)
            {
                points.Add((samples[index].Seconds, (samples[index].Done - samples[start].Done) / span));
            }
        }

        return points;
    }

    private static double Nice(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        var steps = new[] { 1, 2, 2.5, 5, 10 };
        return steps.Select(step => step * magnitude).First(candidate => candidate >= value);
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
