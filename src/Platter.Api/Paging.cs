using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Platter.Api.Models;

namespace Platter.Api;

/// <summary>Walks a paginated list page by page.</summary>
internal static class Paging
{
    /// <summary>
    /// Every item of every page, each page requested exactly once with the configured page size.
    /// It stops at <c>page &gt;= pages</c> and never follows <c>pagination.urls.next</c>, which
    /// some responses get wrong (a <c>next</c> link on the last page).
    /// </summary>
    public static async IAsyncEnumerable<TItem> AllAsync<TPage, TItem>(
        DiscogsConnection connection,
        string path,
        JsonTypeInfo<TPage> type,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TPage : IPage<TItem>
    {
        var perPage = connection.Options.PageSize;
        for (var page = 1; ; page++)
        {
            var body = await connection.GetJsonAsync(DiscogsUrls.Page(path, page, perPage), type, cancellationToken);
            foreach (var item in body.PageItems)
            {
                yield return item;
            }

            var pages = body.Pagination?.Pages ?? page;
            if (page >= pages || body.PageItems.Count == 0)
            {
                yield break;
            }
        }
    }
}
