import type { ComponentType } from 'preact';
import { ErrorBoundary, lazy } from 'preact-iso';
import { LocationProvider, Route, Router } from 'preact-iso/router';
import { Login } from './account/Login';
import { AuthProvider, useAuth } from './auth/auth';
import type { Permission } from './auth/roles';
import { Layout } from './components/Layout';
import { LoadFailed } from './components/LoadFailed';
import { NotFound } from './components/NotFound';
import { RequireAuth } from './components/RequireAuth';
import { About } from './home/About';
import { Home } from './home/Home';

/** Links under /api (such as the API docs) are left to the browser: the server serves them. */
const APP_LINKS = /^\/(?!api(?:[/?#]|$))/;

/** After client-side navigation, move focus to the new page so screen readers announce it. */
function focusMain(): void {
  document.getElementById('main')?.focus();
}

/**
 * A page in its own chunk, fetched when first opened (most people never open the
 * admin pages). On a flaky connection the fetch is tried twice, then a message says so.
 */
function page(load: () => Promise<{ default: ComponentType }>) {
  return lazy(() => load().catch(() => load()).catch(() => ({ default: LoadFailed })));
}

const Members = page(() => import('./admin/Members'));
const ApiKeys = page(() => import('./admin/ApiKeys'));
const Audit = page(() => import('./admin/Audit'));
const Account = page(() => import('./account/Account'));
const AcceptInvitation = page(() => import('./account/AcceptInvitation'));
const ResetPassword = page(() => import('./account/ResetPassword'));
const Participants = page(() => import('./participants/Participants'));
const Participant = page(() => import('./participants/Participant'));
const ParticipantForm = page(() => import('./participants/ParticipantForm'));
const ParticipantImport = page(() => import('./participants/ParticipantImport'));
const Interviews = page(() => import('./interviews/Interviews'));
const InterviewPlan = page(() => import('./interviews/InterviewPlan'));
const InterviewRunner = page(() => import('./interviews/runner/InterviewRunner'));
const InterviewTemplates = page(() => import('./interviews/templates/Templates'));
const InterviewTemplateEditor = page(() => import('./interviews/templates/TemplateEditor'));
const InterviewAnalysis = page(() => import('./interviews/analysis/Analysis'));
const Agenda = page(() => import('./meetings/Agenda'));
const Meeting = page(() => import('./meetings/MeetingPage'));
const MeetingForm = page(() => import('./meetings/MeetingForm'));
const Venues = page(() => import('./meetings/Venues'));
const VenueForm = page(() => import('./meetings/VenueForm'));
const MeetingDoor = page(() => import('./meetings/door/Door'));
const MeetingBooking = page(() => import('./meetings/booking/Booking'));
const MeetingFeedback = page(() => import('./meetings/feedback/Feedback'));
const MeetingMinutes = page(() => import('./meetings/minutes/Minutes'));
const MeetingReport = page(() => import('./meetings/report/Report'));
const AdviserDay = page(() => import('./meetings/day/Day'));
const MarketCatalogue = page(() => import('./market/catalogue/Catalogue'));
const MarketListing = page(() => import('./market/catalogue/ListingPage'));
const MarketSeller = page(() => import('./market/catalogue/SellerPage'));
const MarketBasket = page(() => import('./market/basket/Basket'));
const MarketOrder = page(() => import('./market/orders/OrderStatus'));
const MarketMine = page(() => import('./market/seller/Mine'));
const MarketListingForm = page(() => import('./market/seller/ListingForm'));
const MarketBoard = page(() => import('./market/orders/Board'));
const MarketManage = page(() => import('./market/manage/Manage'));
const MarketStaffListings = page(() => import('./market/manage/Listings'));
const MarketStaffListing = page(() => import('./market/manage/ListingEdit'));
const Opportunities = page(() => import('./opportunities/Browse'));
const Opportunity = page(() => import('./opportunities/OpportunityPage'));
const OpportunityForm = page(() => import('./opportunities/OpportunityForm'));
const OpportunityBoard = page(() => import('./opportunities/Board'));
const OpportunityMatches = page(() => import('./opportunities/Matches'));
const Applications = page(() => import('./opportunities/Applications'));
const Application = page(() => import('./opportunities/ApplicationPage'));
const Outcomes = page(() => import('./opportunities/outcomes/OutcomesPage'));
const PersonOutcomes = page(() => import('./opportunities/outcomes/PersonOutcomes'));

/** A page for logged-in users (with `permission`, only for the roles that have it). */
function guarded(Page: ComponentType, permission?: Permission) {
  return function Guarded() {
    return (
      <RequireAuth permission={permission}>
        <Page />
      </RequireAuth>
    );
  };
}

const MembersPage = guarded(Members, 'members.view');
const ApiKeysPage = guarded(ApiKeys, 'api_keys.manage');
const AuditPage = guarded(Audit, 'audit.view');
const AccountPage = guarded(Account);
const ParticipantsPage = guarded(Participants, 'participants.view');
// The profile and the form are also a participant's own ("My profile"); the server decides whose.
const ParticipantPage = guarded(Participant);
const ParticipantFormPage = guarded(ParticipantForm);
const ParticipantImportPage = guarded(ParticipantImport, 'participants.import');
const MyProfilePage = guarded(Participant, 'participants.own');
const InterviewsPage = guarded(Interviews, 'interviews.view');
const InterviewPlanPage = guarded(InterviewPlan, 'interviews.view');
const InterviewRunnerPage = guarded(InterviewRunner, 'interviews.view');
const InterviewTemplatesPage = guarded(InterviewTemplates, 'interview_templates.view');
const InterviewTemplateEditorPage = guarded(InterviewTemplateEditor, 'interview_templates.view');
const InterviewAnalysisPage = guarded(InterviewAnalysis, 'interviews.analysis');
const AgendaPage = guarded(Agenda, 'meetings.view');
const MeetingPage = guarded(Meeting, 'meetings.view');
const MeetingFormPage = guarded(MeetingForm, 'meetings.manage');
const VenuesPage = guarded(Venues, 'meetings.manage');
const VenueFormPage = guarded(VenueForm, 'meetings.manage');
const MeetingDoorPage = guarded(MeetingDoor, 'meetings.door');
const MeetingBookingPage = guarded(MeetingBooking, 'meetings.book');
const MeetingFeedbackPage = guarded(MeetingFeedback, 'meetings.feedback');
const MeetingMinutesPage = guarded(MeetingMinutes, 'meetings.minutes');
const MeetingReportPage = guarded(MeetingReport, 'meetings.report');
const AdviserDayPage = guarded(AdviserDay, 'meetings.staff');
const MarketMinePage = guarded(MarketMine, 'market.sell');
const MarketListingFormPage = guarded(MarketListingForm, 'market.sell');
const MarketBoardPage = guarded(MarketBoard, 'market.manage');
const MarketManagePage = guarded(MarketManage, 'market.manage');
const MarketStaffListingsPage = guarded(MarketStaffListings, 'market.manage');
const MarketStaffListingPage = guarded(MarketStaffListing, 'market.manage');
const OpportunitiesPage = guarded(Opportunities, 'opportunities.view');
const OpportunityPage = guarded(Opportunity, 'opportunities.view');
const OpportunityFormPage = guarded(OpportunityForm, 'opportunities.post');
const OpportunityBoardPage = guarded(OpportunityBoard, 'opportunities.post');
const MyMatchesPage = guarded(OpportunityMatches, 'matches.own');
const OpportunityMatchesPage = guarded(OpportunityMatches, 'matches.view');
const PersonMatchesPage = guarded(OpportunityMatches, 'applications.propose');
const ApplicationsPage = guarded(Applications, 'applications.view');
const ApplicationPage = guarded(Application, 'applications.view');
const OutcomesPage = guarded(Outcomes, 'outcomes.view');
const PersonOutcomesPage = guarded(PersonOutcomes, 'outcomes.list');

function Routes() {
  const { me } = useAuth();
  // Switching organisation remounts the pages, so they load that organisation's data.
  return (
    <ErrorBoundary>
      <Router onRouteChange={focusMain} key={me?.organization_id ?? 'none'}>
        <Route path="/" component={Home} />
        <Route path="/about" component={About} />
        <Route path="/login" component={Login} />
        <Route path="/invite" component={AcceptInvitation} />
        <Route path="/reset-password" component={ResetPassword} />
        <Route path="/members" component={MembersPage} />
        <Route path="/api-keys" component={ApiKeysPage} />
        <Route path="/audit" component={AuditPage} />
        <Route path="/account" component={AccountPage} />
        <Route path="/participants" component={ParticipantsPage} />
        <Route path="/participants/new" component={ParticipantFormPage} />
        <Route path="/participants/import" component={ParticipantImportPage} />
        <Route path="/participants/:id/edit" component={ParticipantFormPage} />
        <Route path="/participants/:id" component={ParticipantPage} />
        <Route path="/interviews" component={InterviewsPage} />
        <Route path="/interviews/new" component={InterviewPlanPage} />
        <Route path="/interviews/analysis" component={InterviewAnalysisPage} />
        <Route path="/interviews/templates" component={InterviewTemplatesPage} />
        <Route path="/interviews/templates/:id" component={InterviewTemplateEditorPage} />
        <Route path="/interviews/:id/edit" component={InterviewPlanPage} />
        <Route path="/interviews/:id" component={InterviewRunnerPage} />
        <Route path="/meetings" component={AgendaPage} />
        <Route path="/meetings/new" component={MeetingFormPage} />
        <Route path="/meetings/venues" component={VenuesPage} />
        <Route path="/meetings/venues/new" component={VenueFormPage} />
        <Route path="/meetings/venues/:id" component={VenueFormPage} />
        <Route path="/meetings/report" component={MeetingReportPage} />
        <Route path="/meetings/day" component={AdviserDayPage} />
        <Route path="/meetings/:id/edit" component={MeetingFormPage} />
        <Route path="/meetings/:id/door" component={MeetingDoorPage} />
        <Route path="/meetings/:id/book" component={MeetingBookingPage} />
        <Route path="/meetings/:id/feedback" component={MeetingFeedbackPage} />
        <Route path="/meetings/:id/minutes" component={MeetingMinutesPage} />
        <Route path="/meetings/:id" component={MeetingPage} />
        <Route path="/my-profile" component={MyProfilePage} />
        {/* The market: public pages (no login), the seller's and the coordinator's. */}
        <Route path="/market" component={MarketCatalogue} />
        <Route path="/market/listings/:id" component={MarketListing} />
        <Route path="/market/sellers/:id" component={MarketSeller} />
        <Route path="/market/basket" component={MarketBasket} />
        <Route path="/market/orders/:token" component={MarketOrder} />
        <Route path="/market/orders" component={MarketBoardPage} />
        <Route path="/market/manage" component={MarketManagePage} />
        <Route path="/market/manage/listings" component={MarketStaffListingsPage} />
        <Route path="/market/manage/listings/new" component={MarketStaffListingPage} />
        <Route path="/market/manage/listings/:id" component={MarketStaffListingPage} />
        <Route path="/market/mine" component={MarketMinePage} />
        <Route path="/market/mine/new" component={MarketListingFormPage} />
        <Route path="/market/mine/:id" component={MarketListingFormPage} />
        {/* Opportunities and matching: browse, post, applicants, matches both ways, applications. */}
        <Route path="/opportunities" component={OpportunitiesPage} />
        <Route path="/opportunities/new" component={OpportunityFormPage} />
        <Route path="/opportunities/matches" component={MyMatchesPage} />
        <Route path="/opportunities/outcomes" component={OutcomesPage} />
        <Route path="/opportunities/outcomes/for/:participantId" component={PersonOutcomesPage} />
        <Route path="/opportunities/for/:id" component={PersonMatchesPage} />
        <Route path="/opportunities/:id/edit" component={OpportunityFormPage} />
        <Route path="/opportunities/:id/applicants" component={OpportunityBoardPage} />
        <Route path="/opportunities/:id/matches" component={OpportunityMatchesPage} />
        <Route path="/opportunities/:id" component={OpportunityPage} />
        <Route path="/applications" component={ApplicationsPage} />
        <Route path="/applications/:id" component={ApplicationPage} />
        <Route default component={NotFound} />
      </Router>
    </ErrorBoundary>
  );
}

export function App() {
  return (
    <LocationProvider scope={APP_LINKS}>
      <AuthProvider>
        <Layout>
          <Routes />
        </Layout>
      </AuthProvider>
    </LocationProvider>
  );
}
