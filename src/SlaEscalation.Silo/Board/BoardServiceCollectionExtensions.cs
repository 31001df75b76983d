using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Silo.Board;

/// <summary>Registers the board: its pages, sign-in, anti-forgery, and the live feed over the ticket index.</summary>
public static class BoardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the board. Call after the ticket index is registered: the index grains write to is wrapped so each entry
    /// written also reaches the live feed.
    /// </summary>
    public static IServiceCollection AddSlaBoard(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = BoardSettings.Load(configuration);
        services.AddSingleton(settings);
        services.AddRazorComponents();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "sla_board_form";
            options.Cookie.Path = BoardEndpoints.Root;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        BoardAuthentication.Add(services, settings);
        services.AddSingleton<BoardFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<BoardFeed>());
        services.AddSingleton<BoardTickets>();
        services.AddSingleton<BoardEscalations>();

        var index = services.LastOrDefault(d => d.ServiceType == typeof(ITicketIndex))
            ?? throw new InvalidOperationException("AddSlaBoard needs the ticket index registered first.");
        services.Remove(index);
        services.AddSingleton<ITicketIndex>(provider => new BoardTicketIndex(Create(provider, index), provider.GetRequiredService<BoardFeed>()));
        return services;
    }

    private static ITicketIndex Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        (ITicketIndex)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}
