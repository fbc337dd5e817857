"""Akoma Ntoso 3.0 XML (OASIS LegalDocML): the edition's Document written as legal XML."""
