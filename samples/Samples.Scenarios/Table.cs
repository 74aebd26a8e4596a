using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Samples.Scenarios;

/// <summary>Formats rows as an aligned plain-text table (Markdown-compatible).</summary>
public static class Table
{
    /// <summary>Formats <paramref name="rows"/> under <paramref name="header"/>.</summary>
    public static string Format(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Count).Select(c => all.Max(r => c < r.Count ? r[c].Length : 0)).ToArray();
        var text = new StringBuilder();
        for (var r = 0; r < all.Count; r++)
        {
            text.Append('|');
            for (var c = 0; c < header.Count; c++)
            {
                var cell = c < all[r].Count ? all[r][c] : string.Empty;
                text.Append(' ').Append(c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])).Append(" |");
            }

            text.Append('\n');
            if (r == 0)
            {
                text.Append('|');
                foreach (var width in widths)
                {
                    text.Append(new string('-', width + 2)).Append('|');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Milliseconds, no decimals.</summary>
    public static string Ms(double milliseconds) => milliseconds.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>A number with no decimals.</summary>
    public static string N(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>A number with one decimal.</summary>
    public static string N1(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
